// Gaps a user would notice in the sync core, against the REAL msgr-server: history older than
// what the device stores is fetched from the server when scrolling up (also for chats the
// reload skipped), read marks made offline reach the server after a restart, and a message the
// server refused stays Failed after a restart and is never resent.
#include "client_app.h"
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/history/history_fetcher.h"
#include "core/messages/message_list_model.h"
#include "core_test_helpers.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCborArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>

using namespace msgr;
using msgr::core::MessageListModel;
using msgr::core::SyncEngine;
using msgr::test::sendAs;

namespace {

const QString kPassword = QStringLiteral("password123");

//! This suite's app; the device name tells the suites apart in the server's device list.
struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_history_paging")) {}
};

qint64 openChatWith(TestClient &client, qint64 userId) {
    const auto r = client.call(protocol::api::OpenPrivateChat{userId});
    return r.ok() ? r.value->chat.id : 0;
}

QString textAt(const MessageListModel &model, int row) {
    return model.data(model.index(row), MessageListModel::TextRole).toString();
}

core::MessageState stateOf(const MessageListModel &model, qint64 localId) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex i = model.index(row);
        if (model.data(i, MessageListModel::LocalIdRole).toLongLong() == localId)
            return model.data(i, MessageListModel::StateRole).value<core::MessageState>();
    }
    return core::MessageStateNs::None;
}

bool historyComplete(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::SyncStateTable::historyComplete(tx, chatId);
    });
}

QHash<qint64, qint64> pendingReads(storage::ProfileStore &store) {
    return test::read(store, [](storage::ReadTransaction &tx) {
        return storage::SyncStateTable::pendingReads(tx);
    });
}

} // namespace

class TstHistoryPaging : public QObject {
    Q_OBJECT
private:
    static qint64 signUpAndOpenChat(ClientApp &app, const QString &name, qint64 peerId) {
        return app.signUpAndOpenChat(name, kPassword, peerId);
    }

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    // A new device stores only the newest 30 chats' last pages. Bob's chat is the 31st: opening
    // it shows its last message, and scrolling up pages the whole history in from the server,
    // waiting while offline. Once complete, a restart pages it locally without asking again.
    void scrollingUpFetchesHistoryFromServer() {
        constexpr int kMessages = 160;
        // 32 accounts from one address: above the server's default sign-up burst (20).
        ServerProcess server({QStringLiteral("--signup-burst"), QStringLiteral("64")});
        QVERIFY(server.start());
        TestClient alice, bob;
        QVERIFY(alice.connectTo(server.wsUrl()) && bob.connectTo(server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        const qint64 chatId = openChatWith(bob, alice.userId());
        QVERIFY(chatId > 0);
        for (int i = 1; i <= kMessages; ++i)
            QVERIFY(sendAs(bob, chatId, QStringLiteral("m%1").arg(i)) > 0);
        // Thirty chats with newer activity push Bob's chat out of the reload.
        for (int i = 0; i < core::HistoryFetcher::kRecentChats; ++i) {
            TestClient peer;
            QVERIFY(peer.connectTo(server.wsUrl()));
            QVERIFY2(
                !peer.signUp(QStringLiteral("peer%1").arg(i), kPassword).isEmpty(),
                qPrintable(QStringLiteral("peer %1: %2 %3")
                               .arg(i)
                               .arg(peer.lastErrorName(),
                                    peer.lastError() ? peer.lastError()->message : QString())));
            QVERIFY(sendAs(peer, openChatWith(peer, alice.userId()), QStringLiteral("hi")) > 0);
        }

        QTemporaryDir dir;
        {
            ClientApp app(dir.path(), server.wsUrl());
            QVERIFY(app.opened);
            app.engine->start();
            app.engine->logIn(QStringLiteral("alice"), kPassword);
            QTRY_VERIFY_WITH_TIMEOUT(app.syncs > 0, 20'000);
            // Only the chat list's last message was stored for Bob's chat.
            QCOMPARE(test::messages(app.store, chatId).size(), 1);

            MessageListModel model(app.context.get());
            model.setChatId(chatId);
            // The stored message, then a server page of 100 read 50 at a time.
            QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 51, 20'000);
            QCOMPARE(textAt(model, 0), QStringLiteral("m110"));
            QCOMPARE(textAt(model, 50), QStringLiteral("m160"));

            server.stop();
            QTRY_COMPARE_WITH_TIMEOUT(app.connection, SyncEngine::Connection::Offline, 20'000);
            QVERIFY(model.canFetchMore({}));
            model.fetchMore({}); // still stored locally
            QTRY_COMPARE(model.rowCount(), 101);
            model.fetchMore({}); // needs the server: waits
            QTRY_VERIFY(!model.canFetchMore({}));
            QCOMPARE(model.rowCount(), 101);
            QVERIFY(!model.reachedStart());

            QVERIFY(server.restart());
            QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 151, 40'000);
            QTRY_VERIFY(model.canFetchMore({}));
            model.fetchMore({});
            QTRY_COMPARE(model.rowCount(), kMessages);
            QTRY_VERIFY(model.reachedStart());
            QVERIFY(!model.canFetchMore({}));
            for (int row = 0; row < kMessages; ++row)
                QCOMPARE(textAt(model, row), QStringLiteral("m%1").arg(row + 1));
            QVERIFY(historyComplete(app.store, chatId));
        }

        // Restarted without a server: the whole history is local and known to be complete.
        server.stop();
        ClientApp again(dir.path(), server.wsUrl());
        again.engine->start();
        MessageListModel model(again.context.get());
        model.setChatId(chatId);
        QTRY_COMPARE(model.rowCount(), MessageListModel::kPageSize);
        while (model.rowCount() < kMessages) {
            const int before = model.rowCount();
            QTRY_VERIFY(model.canFetchMore({}));
            model.fetchMore({});
            QTRY_VERIFY(model.rowCount() > before);
        }
        QTRY_VERIFY(model.reachedStart());
        QCOMPARE(textAt(model, 0), QStringLiteral("m1"));
    }

    // Read offline, app quit before the server came back: the next run tells the server.
    void readMarkMadeOfflineReachesServerAfterRestart() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        const QString bobToken = bob.token();
        QTemporaryDir dir;
        qint64 chatId = 0, messageId = 0;
        {
            ClientApp alice(dir.path(), server.wsUrl());
            chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
            QVERIFY(chatId > 0);
            messageId = sendAs(bob, chatId, QStringLiteral("read me"));
            QVERIFY(messageId > 0);
            QTRY_VERIFY_WITH_TIMEOUT(!test::messages(alice.store, chatId).isEmpty(), 20'000);

            server.stop();
            QTRY_COMPARE_WITH_TIMEOUT(alice.connection, SyncEngine::Connection::Offline, 20'000);
            alice.context->markRead(chatId, messageId);
            QTRY_COMPARE(pendingReads(alice.store).value(chatId), messageId);
        } // quit while offline

        QVERIFY(server.restart());
        ClientApp alice(dir.path(), server.wsUrl());
        alice.engine->start();
        // Acknowledged by the server: no longer pending.
        QTRY_VERIFY_WITH_TIMEOUT(pendingReads(alice.store).isEmpty(), 20'000);
        TestClient bobAgain;
        QVERIFY(bobAgain.connectTo(server.wsUrl()) && bobAgain.resume(bobToken));
        qint64 readOutbox = -1;
        const auto chats = bobAgain.call(protocol::api::ListChats{});
        MSGR_VERIFY_OK(chats);
        for (const protocol::ChatSummary &summary : chats.value->chats) {
            if (summary.chat.id == chatId)
                readOutbox = summary.readOutboxMaxId;
        }
        QCOMPARE(readOutbox, messageId); // Bob sees his message as read
    }

    // The server refuses a too-long message: it shows Failed, also after a restart, and is not
    // sent again (later messages of the chat go through).
    void refusedMessageStaysFailedAfterRestart() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        qint64 chatId = 0, failedId = 0;
        {
            ClientApp alice(dir.path(), server.wsUrl());
            chatId = signUpAndOpenChat(alice, QStringLiteral("alice"), bob.userId());
            QVERIFY(chatId > 0);
            alice.context->sendText(chatId, QString(5000, QLatin1Char('x')));
            QTRY_COMPARE_WITH_TIMEOUT(alice.failed.size(), 1, 20'000);
            failedId = alice.failed.first();
            MessageListModel model(alice.context.get());
            model.setChatId(chatId);
            QTRY_COMPARE(stateOf(model, failedId), core::MessageStateNs::Failed);
        }

        ClientApp alice(dir.path(), server.wsUrl());
        alice.engine->start();
        MessageListModel model(alice.context.get());
        model.setChatId(chatId);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, failedId), core::MessageStateNs::Failed, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(alice.syncs > 0, 20'000);
        alice.context->sendText(chatId, QStringLiteral("after the refused one"));
        QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 1, 20'000);
        QVERIFY(alice.failed.isEmpty()); // never offered to the server again
        QCOMPARE(stateOf(model, failedId), core::MessageStateNs::Failed);
    }
};

QTEST_GUILESS_MAIN(TstHistoryPaging)
#include "tst_history_paging.moc"
