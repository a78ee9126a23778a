// The client refuses unencrypted ws:// to anything but this machine unless the user opted in:
// the address is classified before any socket exists, the refusal is a typed state (never a
// silent failure), loopback and wss:// always pass, and the opt-in connects at once.
#include "core/engine/sync_engine.h"
#include "core/net/server_connection.h"
#include "core/net/transport_policy.h"
#include "core_test_helpers.h"
#include "hostile_server.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace msgr;
using core::TransportSecurity;

Q_DECLARE_METATYPE(msgr::core::TransportSecurity)

namespace {

//! An address of this machine that is not loopback (e.g. eth0's), so a server on it is
//! "another machine" to the policy while the test can still watch it. Null if there is none.
QHostAddress nonLoopbackAddress() {
    for (const QHostAddress &address : QNetworkInterface::allAddresses())
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            return address;
    return {};
}

bool sawState(const QSignalSpy &states, core::SyncEngine::Connection wanted) {
    return std::any_of(states.cbegin(), states.cend(), [wanted](const QList<QVariant> &args) {
        return args.at(0).value<core::SyncEngine::Connection>() == wanted;
    });
}

} // namespace

class TstTransportPolicy : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<core::TransportSecurity>(); }
    void classification_data();
    void classification();
    void refusedAddressOpensNoSocket();
    void loopbackConnectsWithoutOptIn();
    void engineReportsRefusalAndConnectsAfterOptIn();
};

void TstTransportPolicy::classification_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allow");
    QTest::addColumn<TransportSecurity>("expected");
    using T = TransportSecurity;
    const auto row = [](const char *name, const char *url, bool allow, T expected) {
        QTest::newRow(name) << QString::fromLatin1(url) << allow << expected;
    };
    row("wss remote", "wss://chat.example.org", false, T::Encrypted);
    row("wss loopback", "wss://127.0.0.1:8765", false, T::Encrypted);
    row("ws 127.0.0.1", "ws://127.0.0.1:8765", false, T::Loopback);
    row("ws 127.x.y.z", "ws://127.20.30.40:1", false, T::Loopback);
    row("ws ::1", "ws://[::1]:8765", false, T::Loopback);
    row("ws v4-mapped loopback", "ws://[::ffff:127.0.0.1]:8765", false, T::Loopback);
    row("ws localhost", "ws://localhost:8765", false, T::Loopback);
    row("ws LOCALHOST", "ws://LOCALHOST:8765", false, T::Loopback);
    row("ws lan address", "ws://192.168.1.5:8765", false, T::InsecureRefused);
    row("ws name", "ws://chat.example.org", false, T::InsecureRefused);
    row("ws localhost lookalike", "ws://localhost.example.org", false, T::InsecureRefused);
    row("ws loopback lookalike", "ws://127.0.0.1.example.org", false, T::InsecureRefused);
    row("ws v4-mapped remote", "ws://[::ffff:192.0.2.7]:8765", false, T::InsecureRefused);
    row("ws unspecified", "ws://0.0.0.0:8765", false, T::InsecureRefused);
    row("ws remote, opted in", "ws://chat.example.org", true, T::InsecureAllowed);
    row("ws loopback, opted in", "ws://127.0.0.1", true, T::Loopback);
    row("http", "http://127.0.0.1:8765", false, T::InvalidAddress);
    row("https, opted in", "https://chat.example.org", true, T::InvalidAddress);
    row("no host", "ws://", true, T::InvalidAddress);
    row("empty", "", true, T::InvalidAddress);
}

void TstTransportPolicy::classification() {
    QFETCH(QString, url);
    QFETCH(bool, allow);
    QFETCH(TransportSecurity, expected);
    QCOMPARE(core::classifyServerUrl(QUrl(url), allow), expected);
}

void TstTransportPolicy::refusedAddressOpensNoSocket() {
    const QHostAddress remote = nonLoopbackAddress();
    if (remote.isNull())
        QSKIP("this machine has no non-loopback IPv4 address");
    test::HostileServer server(QHostAddress::AnyIPv4);
    QVERIFY(server.isListening());
    QSignalSpy connected(&server, &test::HostileServer::peerConnected);

    core::ServerConnection connection;
    QSignalSpy refused(&connection, &core::ServerConnection::refused);
    QSignalSpy ready(&connection, &core::ServerConnection::ready);
    QSignalSpy closed(&connection, &core::ServerConnection::closed);
    connection.open(server.url(remote.toString()));
    // Refused synchronously, before any socket object exists.
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(0).value<TransportSecurity>(), TransportSecurity::InsecureRefused);
    QVERIFY(connection.findChildren<QWebSocket *>().isEmpty());
    QCOMPARE(closed.size(), 0);

    // The opt-in: the same address connects. It is the server's FIRST connection, so the
    // refused attempt never reached it.
    connection.setAllowInsecureTransport(true);
    connection.open(server.url(remote.toString()));
    QVERIFY(ready.wait());
    QCOMPARE(server.connections, 1);
    QCOMPARE(connected.size(), 1);
    QCOMPARE(refused.size(), 1);
}

void TstTransportPolicy::loopbackConnectsWithoutOptIn() {
    test::HostileServer server;
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        core::ServerConnection connection;
        QSignalSpy ready(&connection, &core::ServerConnection::ready);
        QSignalSpy refused(&connection, &core::ServerConnection::refused);
        connection.open(server.url(host));
        QVERIFY2(ready.wait(), qPrintable(host));
        QCOMPARE(refused.size(), 0);
    }
}

void TstTransportPolicy::engineReportsRefusalAndConnectsAfterOptIn() {
    const QHostAddress remote = nonLoopbackAddress();
    if (remote.isNull())
        QSKIP("this machine has no non-loopback IPv4 address");
    test::HostileServer server(QHostAddress::AnyIPv4);
    QTemporaryDir dir;
    storage::ProfileStore store;
    QVERIFY(test::openStore(store, dir.path()));
    core::SyncEngine engine(&store, {server.url(remote.toString()), QStringLiteral("tst")});
    QSignalSpy states(&engine, &core::SyncEngine::connectionChanged);
    QSignalSpy authFailed(&engine, &core::SyncEngine::authFailed);

    // Known at start, before the user tries anything: a state the UI can show.
    engine.start();
    QTRY_VERIFY(sawState(states, core::SyncEngine::Connection::Refused));

    // Signing in is refused with a typed error, not a hang: nothing was dialled.
    engine.logIn(QStringLiteral("alice"), QStringLiteral("password123"));
    QTRY_COMPARE(authFailed.size(), 1);
    QVERIFY(authFailed.at(0).at(1).toString().contains(QStringLiteral("not encrypted")));
    QCOMPARE(server.connections, 0);

    // The user opts in: the engine leaves Refused, and the next log-in reaches the server.
    states.clear();
    engine.setAllowInsecureTransport(true);
    QTRY_VERIFY(sawState(states, core::SyncEngine::Connection::Offline));
    QSignalSpy requests(&server, &test::HostileServer::requestReceived);
    engine.logIn(QStringLiteral("alice"), QStringLiteral("password123"));
    QVERIFY(requests.wait());
    QCOMPARE(server.lastRequest.method, QStringLiteral("auth.logIn"));
    QCOMPARE(server.connections, 1);

    // Withdrawn while connected: the connection is dropped and the state is Refused again.
    states.clear();
    engine.setAllowInsecureTransport(false);
    QTRY_VERIFY(sawState(states, core::SyncEngine::Connection::Refused));
    engine.shutdown();
}

QTEST_GUILESS_MAIN(TstTransportPolicy)
#include "tst_transport_policy.moc"
