// The proxy setting (issue 11) against REAL proxies and the REAL server on loopback: microsocks
// (SOCKS5, requiring a user name and password) and tinyproxy (HTTP CONNECT), each a child
// process whose own log says which connections it tunnelled. A wrong proxy password is told
// apart ("The proxy refused the user name or password") and nothing reaches the server, the
// right one signs up and sends; HTTP CONNECT does the same; uploads and downloads go through
// the proxy (their next request after a change); Settings > Proxy (Session::setProxy) refuses
// bad input, is saved in the encrypted profile, and moves the live connection onto the proxy
// without a restart; an unreachable proxy is named in Session.proxyProblem. Qt skips the
// application-wide proxy for loopback, so these tests also prove the proxy is set where Qt
// always uses it: a loopback server is reached only through the proxy's log.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/media/media_service.h"
#include "core/media/upload_manager.h"
#include "storage/tables/settings_table.h"
#include "tests/core/client_app.h"
#include "tests/core/core_test_helpers.h"
#include "tests/core/real_proxy.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/support/await.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
using core::ProxyFailure;
using core::ProxySettings;
using core::Session;
using core::SyncEngine;
using core::TransferState;

namespace {

const QString kPassword = QStringLiteral("a long enough password");
const QString kProxyUser = QStringLiteral("msgr");
const QString kProxyPassword = QStringLiteral("the proxy's secret");

ProxySettings proxyAt(ProxySettings::Mode mode, quint16 port, const QString &user = {},
                      const QString &password = {}) {
    return {mode, QStringLiteral("127.0.0.1"), port, user, password};
}

#define REQUIRE_PROXY(kind)                                                                        \
    if (RealProxy::binaryFor(kind).isEmpty())                                                      \
        QSKIP("the proxy is not installed (microsocks, tinyproxy: scripts/install-deps.sh)");

//! The app as ClientRoot composes it (Session, media, store) on a profile, with a raw key.
struct App {
    App(const QString &profile, const QUrl &server, std::optional<ProxySettings> proxy = {}) {
        core::ClientConfig config;
        config.serverUrl = server;
        config.profileDir = profile;
        config.rawKey = testKey();
        config.proxy = std::move(proxy);
        root = std::make_unique<app::ClientRoot>(config);
        root->start();
    }
    Session *session() const { return root->session(); }
    std::unique_ptr<app::ClientRoot> root;
};

} // namespace

class TstProxy : public QObject {
    Q_OBJECT
private slots:
    void socks5WrongPasswordIsToldAndTheRightOneSignsUpAndSends();
    void httpConnectCarriesTheSyncConnection();
    void transfersGoThroughTheProxyFromTheirNextRequest();
    void settingsRefuseBadInputAndMoveTheLiveConnection();
    void unreachableProxyIsNamed();
};

void TstProxy::socks5WrongPasswordIsToldAndTheRightOneSignsUpAndSends() {
    REQUIRE_PROXY(RealProxy::Kind::Socks5);
    RealProxy proxy(RealProxy::Kind::Socks5, kProxyUser, kProxyPassword);
    QVERIFY2(proxy.start(), qPrintable(proxy.error()));
    ServerProcess server;
    QVERIFY(server.start());
    TestClient bob;
    QVERIFY(bob.connectTo(server.wsUrl()));
    QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());

    QTemporaryDir dir;
    ClientApp alice(dir.path(), server.wsUrl(), QStringLiteral("proxy test"));
    QVERIFY(alice.opened);
    QStringList authFailures;
    QList<ProxyFailure> proxyFailures;
    connect(alice.engine, &SyncEngine::authFailed, this,
            [&](protocol::ErrorCode, const QString &message) { authFailures.append(message); });
    connect(alice.engine, &SyncEngine::proxyFailureChanged, this,
            [&](ProxyFailure failure) { proxyFailures.append(failure); });

    alice.engine->setProxy(proxyAt(ProxySettings::Mode::Socks5, proxy.port(), kProxyUser,
                                   QStringLiteral("not the password")));
    alice.start();
    alice.engine->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
    awaitCondition([&] { return !authFailures.isEmpty(); }, "the sign-up fails at the proxy");
    QCOMPARE(authFailures.last(), QStringLiteral("The proxy refused the user name or password"));
    QVERIFY(proxyFailures.contains(ProxyFailure::AuthRefused));
    QCOMPARE(proxy.connectionsTo(server.wsPort()), 0); // refused before any tunnel

    alice.engine->setProxy(
        proxyAt(ProxySettings::Mode::Socks5, proxy.port(), kProxyUser, kProxyPassword));
    alice.engine->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
    awaitCondition([&] { return alice.syncs > 0 && alice.userId > 0; }, "signed up and synced");
    QCOMPARE(proxyFailures.last(), ProxyFailure::None);    // cleared with the setting
    QTRY_COMPARE(proxy.connectionsTo(server.wsPort()), 1); // the one sync connection, tunnelled
    alice.engine->openPrivateChat(bob.userId());
    awaitCondition([&] { return alice.openedChat > 0; }, "the chat with bob opens");
    alice.context->sendText(alice.openedChat, QStringLiteral("through the SOCKS5 proxy"));
    QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 1, 20'000);
}

void TstProxy::httpConnectCarriesTheSyncConnection() {
    REQUIRE_PROXY(RealProxy::Kind::HttpConnect);
    RealProxy proxy(RealProxy::Kind::HttpConnect);
    QVERIFY2(proxy.start(), qPrintable(proxy.error()));
    ServerProcess server;
    QVERIFY(server.start());
    TestClient bob;
    QVERIFY(bob.connectTo(server.wsUrl()));
    QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());

    QTemporaryDir dir;
    ClientApp alice(dir.path(), server.wsUrl(), QStringLiteral("proxy test"));
    QVERIFY(alice.opened);
    alice.engine->setProxy(proxyAt(ProxySettings::Mode::Http, proxy.port()));
    const qint64 chatId = alice.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
    QVERIFY2(chatId > 0, qPrintable(proxy.log()));
    QTRY_COMPARE(proxy.connectionsTo(server.wsPort()), 1);
    alice.context->sendText(chatId, QStringLiteral("through the HTTP proxy"));
    QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 1, 20'000);
}

void TstProxy::transfersGoThroughTheProxyFromTheirNextRequest() {
    REQUIRE_PROXY(RealProxy::Kind::HttpConnect);
    RealProxy proxy(RealProxy::Kind::HttpConnect);
    QVERIFY2(proxy.start(), qPrintable(proxy.error()));
    ServerProcess server;
    QVERIFY(server.start());
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("alice"));
    // The sync connection goes direct (the command line's "off"); only the transfers are
    // moved, so every CONNECT in the proxy's log is a transfer's.
    App alice(profile, server.wsUrl(), ProxySettings{});
    awaitCondition([&] { return alice.session()->state() == Session::SignedOut; }, "sign-in asked");
    alice.session()->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
    awaitCondition([&] { return alice.session()->connection() == Session::Online; }, "online");
    core::MediaService *media = alice.root->context()->media();
    awaitCondition([&] { return media->isStarted(); }, "the transfers start");

    // A proxy nobody listens on: the upload cannot go (it would, directly).
    media->setProxy(proxyAt(ProxySettings::Mode::Http, unusedLoopbackPort()));
    const QByteArray data = test::distinctBytes(300 * 1024, 777);
    const QString path = dir.filePath(QStringLiteral("photo.bin"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), data.size());
    file.close();
    std::optional<core::TransferProgress> last;
    connect(media, &core::MediaService::uploadChanged, this,
            [&](const core::TransferProgress &p) { last = p; });
    media->uploads()->addUpload(path);
    awaitCondition([&] { return last && last->state == TransferState::Retrying; },
                   "the upload fails at the dead proxy");

    // The working proxy: the next attempt goes through it.
    media->setProxy(proxyAt(ProxySettings::Mode::Http, proxy.port()));
    awaitCondition([&] { return last && last->state == TransferState::Done; }, "uploaded");
    awaitCondition([&] { return proxy.connectionsTo(server.wsPort()) >= 1; },
                   "the proxy logs the upload's tunnel");
    const int afterUpload = proxy.connectionsTo(server.wsPort());

    const QString fileId = last->fileId;
    media->requestDownload(fileId, QStringLiteral("photo.bin"), data.size());
    awaitCondition(
        [&] {
            const auto d = media->download(fileId);
            return d && d->state == TransferState::Done;
        },
        "downloaded");
    const QByteArray got = await<QByteArray>([&](QObject *context, auto done) {
        media->readIntoMemory(fileId, context,
                              [done](QByteArray bytes, const QString &) { done(bytes); });
    });
    QCOMPARE(got, data);
    // The download manager's own connection: its request was tunnelled too.
    awaitCondition([&] { return proxy.connectionsTo(server.wsPort()) > afterUpload; },
                   "the proxy logs the download's tunnel");
}

void TstProxy::settingsRefuseBadInputAndMoveTheLiveConnection() {
    REQUIRE_PROXY(RealProxy::Kind::Socks5);
    RealProxy proxy(RealProxy::Kind::Socks5, kProxyUser, kProxyPassword);
    QVERIFY2(proxy.start(), qPrintable(proxy.error()));
    ServerProcess server;
    QVERIFY(server.start());
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("alice"));
    {
        App alice(profile, server.wsUrl());
        Session *session = alice.session();
        awaitCondition([&] { return session->state() == Session::SignedOut; }, "sign-in asked");
        session->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
        awaitCondition([&] { return session->connection() == Session::Online; }, "online");
        QCOMPARE(session->proxyMode(), int(Session::ProxyOff));
        QCOMPARE(proxy.connectionsTo(server.wsPort()), 0);

        // Bad input is refused with its reason, and nothing changes.
        QCOMPARE(session->setProxy(Session::ProxySocks5, QStringLiteral("  "), 1080, {}, {}),
                 QStringLiteral("Enter the proxy's host name or address"));
        QCOMPARE(session->setProxy(Session::ProxySocks5, QStringLiteral("127.0.0.1"), 0, {}, {}),
                 QStringLiteral("The proxy's port is a number from 1 to 65535"));
        QCOMPARE(session->setProxy(Session::ProxyHttp, QStringLiteral("127.0.0.1"), 65536, {}, {}),
                 QStringLiteral("The proxy's port is a number from 1 to 65535"));
        QCOMPARE(session->setProxy(Session::ProxyHttp, QStringLiteral("a b"), 8080, {}, {}),
                 QStringLiteral("The proxy's host is not a valid host name or address"));
        QCOMPARE(session->setProxy(Session::ProxyHttp, QStringLiteral("127.0.0.1"), 8080, {},
                                   QStringLiteral("pw")),
                 QStringLiteral("A proxy password needs a user name"));
        QCOMPARE(session->proxyMode(), int(Session::ProxyOff));

        // Applied at once: the live connection drops and comes back through the proxy.
        QCOMPARE(session->setProxy(Session::ProxySocks5, QStringLiteral("127.0.0.1"), proxy.port(),
                                   kProxyUser, kProxyPassword),
                 QString());
        QCOMPARE(session->proxyMode(), int(Session::ProxySocks5));
        QVERIFY(session->proxyHasPassword());
        awaitCondition([&] { return proxy.connectionsTo(server.wsPort()) == 1; },
                       "the connection moves onto the proxy");
        awaitCondition([&] { return session->connection() == Session::Online; }, "online again");
        QVERIFY(session->proxyProblem().isEmpty());
        alice.root->shutdown();
    }

    // Saved in the encrypted profile, password included; the file holds no plain copy of it.
    {
        storage::ProfileStore store;
        QVERIFY(openStore(store, profile));
        const auto settings = read(
            store, [](storage::ReadTransaction &tx) { return storage::SettingsTable::load(tx); });
        QCOMPARE(settings.proxyMode, int(ProxySettings::Mode::Socks5));
        QCOMPARE(settings.proxyPort, int(proxy.port()));
        QCOMPARE(settings.proxyPassword, kProxyPassword);
    }
    for (const QString &name : QDir(profile).entryList(QDir::Files)) {
        QFile file(QDir(profile).filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(kProxyPassword.toUtf8()), qPrintable(name));
    }

    // The next start dials through the saved proxy from its first packet.
    App again(profile, server.wsUrl());
    awaitCondition([&] { return again.session()->connection() == Session::Online; }, "online");
    awaitCondition([&] { return proxy.connectionsTo(server.wsPort()) == 2; },
                   "the restarted app dials through the saved proxy");
    QCOMPARE(again.session()->proxyHost(), QStringLiteral("127.0.0.1"));
}

void TstProxy::unreachableProxyIsNamed() {
    ServerProcess server;
    QVERIFY(server.start());
    QTemporaryDir dir;
    App alice(dir.filePath(QStringLiteral("alice")), server.wsUrl());
    Session *session = alice.session();
    awaitCondition([&] { return session->state() == Session::SignedOut; }, "sign-in asked");
    session->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
    awaitCondition([&] { return session->connection() == Session::Online; }, "online");

    QCOMPARE(session->setProxy(Session::ProxySocks5, QStringLiteral("127.0.0.1"),
                               unusedLoopbackPort(), {}, {}),
             QString());
    awaitCondition([&] { return !session->proxyProblem().isEmpty(); }, "the proxy is named");
    QCOMPARE(session->proxyProblem(), QStringLiteral("Cannot reach the proxy"));
    QVERIFY(session->connection() != Session::Online);

    // Back to no proxy: online again, the problem gone.
    QCOMPARE(session->setProxy(Session::ProxyOff, {}, 0, {}, {}), QString());
    awaitCondition([&] { return session->connection() == Session::Online; }, "online again");
    QVERIFY(session->proxyProblem().isEmpty());
}

QTEST_GUILESS_MAIN(TstProxy)
#include "tst_proxy.moc"
