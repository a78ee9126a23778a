// The sync engine against the REAL msgr-server: offline sends, reconnects, catching up,
// retries that must not double a message, and the tooLong reload.
#include "client_app.h"
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core_test_helpers.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCborArray>
#include <QDateTime>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>

using namespace msgr;
using msgr::core::SyncEngine;
using msgr::test::sendAs;
using L = QLatin1StringView;

namespace {

const QString kPassword = QStringLiteral("password123");

//! This suite's app; the device name tells the suites apart in the server's device list.
struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url,
              int firstReconnectDelayMs = core::ReconnectBackoff::kInitialMs)
        : test::ClientApp(dir, url, QStringLiteral("tst_sync_engine"), firstReconnectDelayMs) {}
};

//! Messages with this text in a user's whole log, as the server hands them to a new device.
int countInLog(const QUrl &url, const QString &token, const QString &text) {
    TestClient client;
    if (!client.connectTo(url) || !client.resume(token))
        return -1;
    int count = 0;
    qint64 pts = 0;
    for (;;) {
        const auto diff = client.call(protocol::api::GetDifference{pts});
        if (!diff.ok())
            break;
        for (const protocol::LoggedUpdate &entry : diff.value->updates) {
            const auto *u = std::get_if<protocol::NewMessageUpdate>(&entry.update);
            if (u && u->message.text == text)
                ++count;
        }
        pts = diff.value->pts;
        if (diff.value->final)
            break;
    }
    return count;
}

int countText(const QList<storage::MessageRecord> &rows, const QString &text) {
    return int(std::count_if(rows.begin(), rows.end(),
                             [&](const storage::MessageRecord &m) { return m.text == text; }));
}

} // namespace

class TstSyncEngine : public QObject {
    Q_OBJECT
private:
    // Signs a fresh app up as `name`, waits until it is in sync, opens its chat with peerId.
    static qint64 signUpAndOpenChat(ClientApp &app, const QString &name, qint64 peerId) {
        return app.signUpAndOpenChat(name, kPassword, peerId);
    }

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void messageTypedOfflineIsSentOnceWhenServerReturns() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        ClientApp alice(dir.path(), server.wsUrl());
        QVERIFY(alice.opened);
        const qint64 chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
        QVERIFY(chatId > 0);

        server.stop();
        QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Offline, 20'000);
        const QString text = QStringLiteral("typed while the server was down");
        alice.context->sendText(chatId, text);
        // Stored first, shown as pending at once.
        QTRY_COMPARE(test::outbox(alice.store).size(), 1);
        const auto pending = test::messages(alice.store, chatId);
        QCOMPARE(countText(pending, text), 1);
        QVERIFY(pending.last().pending);

        QVERIFY(server.restart());
        QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 1, 40'000);
        QTRY_COMPARE(test::outbox(alice.store).size(), 0);
        const auto stored = test::messages(alice.store, chatId);
        QCOMPARE(countText(stored, text), 1);
        QVERIFY(!stored.last().pending);
        QVERIFY(stored.last().serverId > 0);
        QCOMPARE(countInLog(server.wsUrl(), bob.token(), text), 1);
    }

    // The banner's "Retry now": the user need not wait out the backoff once the server is back.
    // The first wait is stretched to a minute, so only the user's request can reconnect within
    // the test's time.
    void retryNowReconnectsWithoutWaitingForTheBackoff() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir dir;
        ClientApp alice(dir.path(), server.wsUrl(), 60'000);
        alice.start();
        alice.engine->signUp(QStringLiteral("alice"), kPassword, QStringLiteral("Alice"));
        QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Online, 20'000);
        QVERIFY(alice.reconnectDelays.isEmpty());

        server.stop();
        QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Offline, 20'000);
        QTRY_COMPARE(alice.reconnectDelays.size(), 1);
        QVERIFY2(alice.reconnectDelays.first() >= 48'000,
                 qPrintable(QString::number(alice.reconnectDelays.first())));

        QVERIFY(server.restart());
        alice.engine->reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Online, 20'000);
        QCOMPARE(alice.reconnectDelays.size(), 1); // connected by the request, not the timer
    }

    void reconnectsAfterServerKillAndReceivesAgain() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        ClientApp alice(dir.path(), server.wsUrl());
        const qint64 chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
        QVERIFY(chatId > 0);
        QTRY_COMPARE(alice.connection, SyncEngine::Connection::Online);

        server.kill();
        QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Offline, 20'000);
        QVERIFY(server.restart());
        QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Online, 40'000);

        TestClient bob2;
        QVERIFY(bob2.connectTo(server.wsUrl()));
        QVERIFY(bob2.resume(bob.token()));
        const qint64 id = sendAs(bob2, chatId, QStringLiteral("after the restart"));
        QVERIFY(id > 0);
        QTRY_COMPARE(
            countText(test::messages(alice.store, chatId), QStringLiteral("after the restart")), 1);
        // Alice's device stored it and said so: bob sees the delivery mark.
        bool delivered = false;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &u : bob2.takeUpdates()) {
                    if (u.update.value(L("type")).toString() == L("delivered") &&
                        u.update.value(L("maxId")).toInteger() >= id)
                        delivered = true;
                }
                return delivered;
            }(),
            20'000);
    }

    void catchesUpOnWhatWasMissedWithoutDuplicates() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        qint64 chatId = 0;
        {
            ClientApp alice(dir.path(), server.wsUrl());
            chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
            QVERIFY(chatId > 0);
            QVERIFY(sendAs(bob, chatId, QStringLiteral("live 0")) > 0);
            QTRY_COMPARE(test::messages(alice.store, chatId).size(), 1);
        } // the app quits
        for (int i = 1; i <= 5; ++i)
            QVERIFY(sendAs(bob, chatId, QStringLiteral("missed %1").arg(i)) > 0);

        ClientApp alice(dir.path(), server.wsUrl());
        alice.start();
        QTRY_VERIFY_WITH_TIMEOUT(alice.syncs > 0, 20'000);
        const auto rows = test::messages(alice.store, chatId);
        QCOMPARE(rows.size(), 6);
        QSet<qint64> ids;
        for (const auto &m : rows)
            ids.insert(m.serverId);
        QCOMPARE(ids.size(), 6);
        QCOMPARE(rows.last().text, QStringLiteral("missed 5"));
        // A second catch-up changes nothing.
        alice.engine->resync(QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(alice.syncs > 1, 20'000);
        QCOMPARE(test::messages(alice.store, chatId).size(), 6);
    }

    void retryAfterLostAckYieldsOneMessage() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        qint64 chatId = 0, aliceId = 0;
        {
            ClientApp alice(dir.path(), server.wsUrl());
            chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
            QVERIFY(chatId > 0);
            aliceId = alice.userId;
        }
        // The app sent the message, the server stored it, the answer never came back and the
        // app died: the server has it, the profile still holds it as pending with its randomId.
        const QString text = QStringLiteral("the ack was lost");
        const qint64 randomId = crypto::randomNonZeroInt63();
        TestClient wire;
        QVERIFY(wire.connectTo(server.wsUrl()));
        QVERIFY(!wire.logIn(QStringLiteral("alice"), kPassword).isEmpty());
        const auto sent = wire.call(protocol::api::SendMessage{chatId, randomId, text});
        MSGR_VERIFY_OK(sent);
        ClientApp alice(dir.path(), server.wsUrl());
        const auto record = test::await<storage::MessageRecord>([&](QObject *ctx, auto done) {
            alice.store.writeReturning(
                [=, date = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                    return core::SyncWrites::enqueueOutgoing(tx, chatId, aliceId, text, randomId,
                                                             date);
                },
                ctx, done);
        });
        QVERIFY(record.pending); // queued, not yet sent

        alice.start(); // loads the outbox and retries with the same randomId
        QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 1, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(alice.syncs > 0, 20'000);
        QTRY_COMPARE(test::outbox(alice.store).size(), 0);
        QCOMPARE(countText(test::messages(alice.store, chatId), text), 1);
        QCOMPARE(countInLog(server.wsUrl(), bob.token(), text), 1);
    }

    void tooLongDifferenceReloadsChats() {
        ServerProcess server({QStringLiteral("--log-retention"), QStringLiteral("20")});
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        qint64 chatId = 0, ptsBefore = 0;
        {
            ClientApp alice(dir.path(), server.wsUrl());
            chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
            QVERIFY(chatId > 0);
            QTRY_VERIFY(alice.syncs > 0);
            ptsBefore = alice.syncedPts;
        }
        constexpr int kMissed = 30;
        for (int i = 1; i <= kMissed; ++i)
            QVERIFY(sendAs(bob, chatId, QStringLiteral("while away %1").arg(i)) > 0);

        ClientApp alice(dir.path(), server.wsUrl());
        alice.start();
        QTRY_VERIFY_WITH_TIMEOUT(alice.syncs > 0, 20'000);
        QVERIFY(alice.syncedPts >= ptsBefore + kMissed);
        QTRY_COMPARE_WITH_TIMEOUT(test::messages(alice.store, chatId).size(), kMissed, 20'000);
        const auto rows = test::messages(alice.store, chatId);
        QCOMPARE(rows.last().text, QStringLiteral("while away %1").arg(kMissed));
        QCOMPARE(test::account(alice.store)->pts, alice.syncedPts);
    }
};

QTEST_GUILESS_MAIN(TstSyncEngine)
#include "tst_sync_engine.moc"
