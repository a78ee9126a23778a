// Presence on the client, through the REAL msgr-server and the real sync engine
// (docs/protocol.md §17.3): a chat's peer shows "online" once watched, "last seen just now"
// after the peer's last connection closed (the server's push, no request from the client); the
// user's last-seen privacy is read and set from the settings (core::Presence, as the page
// calls it), a change made on the account's other device arrives, and hiding one's own last
// seen turns the peer's line into "last seen recently" (Telegram's reciprocity).
#include "client_app.h"
#include "core/presence/presence.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "protocol/api/presence.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;

namespace {
const QString kPassword = QStringLiteral("password123");
constexpr int kTimeoutMs = 20'000;

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_presence_sync")) {}
};
} // namespace

class TstPresenceSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void thePeersStatusAndThePrivacyFollowTheServer() {
        ServerProcess server;
        QVERIFY(server.start());
        auto bob = std::make_unique<TestClient>();
        QVERIFY(bob->connectTo(server.wsUrl()));
        QVERIFY(!bob->signUp(QStringLiteral("bob"), kPassword).isEmpty());
        const qint64 bobId = bob->userId();
        QTemporaryDir dir;
        auto laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        QVERIFY(laptop->signUpAndOpenChat(QStringLiteral("alice"), kPassword, bobId) > 0);
        core::Presence *presence = laptop->context->presence();

        // The chat opens: its peer's status is asked for.
        QCOMPARE(presence->line(double(bobId)), QString());
        presence->watch(double(bobId));
        QTRY_COMPARE_WITH_TIMEOUT(presence->line(double(bobId)), QStringLiteral("online"),
                                  kTimeoutMs);
        QVERIFY(presence->isOnline(double(bobId)));

        // Bob goes: the server tells the laptop (at most one push per 5 s: within two windows).
        bob.reset();
        QTRY_COMPARE_WITH_TIMEOUT(presence->line(double(bobId)),
                                  QStringLiteral("last seen just now"), kTimeoutMs);
        QVERIFY(!presence->isOnline(double(bobId)));

        // The settings page reads the setting: Telegram's default.
        QSignalSpy privacy(presence, &core::Presence::privacyChanged);
        presence->loadPrivacy();
        QTRY_COMPARE_WITH_TIMEOUT(presence->lastSeenPrivacy(), QStringLiteral("everybody"),
                                  kTimeoutMs);

        // Hidden from everybody: the server has it, and the peer's time is hidden from alice.
        presence->setLastSeenPrivacy(QStringLiteral("nobody"));
        QTRY_COMPARE_WITH_TIMEOUT(presence->lastSeenPrivacy(), QStringLiteral("nobody"),
                                  kTimeoutMs);
        presence->watch(double(bobId));
        QTRY_COMPARE_WITH_TIMEOUT(presence->line(double(bobId)),
                                  QStringLiteral("last seen recently"), kTimeoutMs);
        TestClient carol;
        QVERIFY(carol.connectTo(server.wsUrl()));
        QVERIFY(!carol.signUp(QStringLiteral("carol"), kPassword).isEmpty());
        const auto seen = carol.call(api::GetPresence{{laptop->userId}});
        MSGR_VERIFY_OK(seen);
        QCOMPARE(seen.value->statuses.size(), 1);
        QCOMPARE(seen.value->statuses.first().lastSeen, api::LastSeenBucket::Recently);

        // Alice changes it on her phone: the laptop follows (her own log's profileChanged).
        TestClient phone;
        QVERIFY(phone.connectTo(server.wsUrl()));
        QVERIFY(!phone.logIn(QStringLiteral("alice"), kPassword).isEmpty());
        MSGR_VERIFY_OK(phone.call(api::SetLastSeenPrivacy{api::LastSeenPrivacy::Contacts}));
        QTRY_COMPARE_WITH_TIMEOUT(presence->lastSeenPrivacy(), QStringLiteral("contacts"),
                                  kTimeoutMs);
        QVERIFY(privacy.count() >= 3);
    }

    // The app in the background for a minute is idle (presence.set {online: false}): others
    // see the user offline until it is active again.
    void anInactiveAppIsIdle() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        auto laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        QVERIFY(laptop->signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId()) > 0);
        const auto aliceOnline = [&bob, &laptop] {
            const auto r = bob.call(api::GetPresence{{laptop->userId}});
            return r.ok() && r.value->statuses.size() == 1 && r.value->statuses.first().online;
        };
        QVERIFY(aliceOnline());
        core::Presence *presence = laptop->context->presence();
        presence->setAppActive(false, true); // without the minute's wait
        QTRY_VERIFY_WITH_TIMEOUT(!aliceOnline(), kTimeoutMs);
        QVERIFY(presence->idle());
        presence->setAppActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(aliceOnline(), kTimeoutMs);
        QVERIFY(!presence->idle());
    }

    void aChoiceOfflineIsRefused() {
        QTemporaryDir dir;
        // Nobody listens there: the engine never authorizes.
        auto laptop =
            std::make_unique<ClientApp>(dir.path(), QUrl(QStringLiteral("ws://127.0.0.1:1")));
        QVERIFY(laptop->opened);
        laptop->start();
        core::Presence *presence = laptop->context->presence();
        QSignalSpy refused(presence, &core::Presence::privacyRefused);
        presence->setLastSeenPrivacy(QStringLiteral("nobody"));
        QVERIFY(refused.wait(kTimeoutMs));
        QCOMPARE(refused.first().first().toString(), QStringLiteral("OFFLINE"));
        QCOMPARE(presence->lastSeenPrivacy(), QString());
    }
};

QTEST_GUILESS_MAIN(TstPresenceSync)
#include "tst_presence_sync.moc"
