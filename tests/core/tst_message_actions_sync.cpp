// Message actions on the client, through the REAL msgr-server and the real sync engine
// (docs/protocol.md §16): an edit made here (MessageActions) or by the other user changes the
// bubble (text, "edited") and the search index; a deletion for everyone or for oneself removes
// the row from the chat, the search index and the unread count; the other user keeps what was
// deleted only for us; a device that was closed applies edits and deletions when it catches up.
#include "client_app.h"
#include "core/chats/chat_list_model.h"
#include "core/messages/message_actions.h"
#include "core/messages/message_list_model.h"
#include "core_test_helpers.h"
#include "protocol/api/message_actions.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using core::MessageActions;
using core::MessageListModel;

namespace {
const QString kPassword = QStringLiteral("password123");

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_message_actions_sync")) {}
};

//! The row holding server message `serverId`, or -1.
int rowOf(const MessageListModel &model, qint64 serverId) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.data(model.index(row), MessageListModel::MessageIdRole).toLongLong() == serverId)
            return row;
    return -1;
}
QVariant roleOf(const MessageListModel &model, qint64 serverId, int role) {
    const int row = rowOf(model, serverId);
    return row < 0 ? QVariant() : model.data(model.index(row), role);
}

QList<qint64> searchHits(storage::ProfileStore &store, const QString &query) {
    return test::read(store, [query](storage::ReadTransaction &tx) {
        QList<qint64> ids;
        for (const storage::SearchHit &hit : storage::MessagesTable::search(tx, query, 50))
            ids.append(hit.serverId);
        return ids;
    });
}

int unreadOf(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        const auto chat = storage::ChatsTable::load(tx, chatId);
        return chat ? chat->unreadCount : -1;
    });
}
} // namespace

class TstMessageActionsSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void editsAndDeletesReachTheBubbleTheSearchAndTheUnreadCount() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        auto laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        const qint64 chatId =
            laptop->signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);

        auto model = std::make_unique<MessageListModel>(laptop->context.get());
        model->setChatId(chatId);
        const qint64 typo = test::sendAs(bob, chatId, QStringLiteral("hello wrld"));
        const qint64 second = test::sendAs(bob, chatId, QStringLiteral("second thought"));
        QVERIFY(typo > 0 && second > 0);
        test::awaitCondition([&] { return rowOf(*model, second) >= 0; }, "bob's messages shown");
        QCOMPARE(unreadOf(laptop->store, chatId), 2);

        // Alice's own message, edited through MessageActions: the bubble and bob both see it.
        model->send(QStringLiteral("mine with a tpyo"));
        qint64 mine = 0;
        test::awaitCondition(
            [&] {
                for (const storage::MessageRecord &m : test::messages(laptop->store, chatId))
                    if (m.text == QStringLiteral("mine with a tpyo") && m.serverId > 0)
                        mine = m.serverId;
                return mine > 0;
            },
            "alice's message sent");
        MessageActions actions(laptop->context.get());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(actions.canEdit(true, double(mine), double(now)));
        QVERIFY(!actions.canEdit(false, double(typo), double(now)));
        QVERIFY(!actions.canEdit(true, double(mine), double(now - MessageActions::kEditWindowMs)));
        QSignalSpy done(&actions, &MessageActions::done);
        actions.edit(double(chatId), double(mine), QStringLiteral("mine without a typo"));
        QVERIFY(done.wait());
        test::awaitCondition(
            [&] {
                return roleOf(*model, mine, MessageListModel::TextRole).toString() ==
                           QStringLiteral("mine without a typo") &&
                       roleOf(*model, mine, MessageListModel::EditedRole).toBool();
            },
            "alice's edit in her bubble, marked edited");
        const auto bobsView = bob.call(api::GetHistory{chatId, 0, 10});
        MSGR_VERIFY_OK(bobsView);
        QCOMPARE(bobsView.value->messages.last().text, QStringLiteral("mine without a typo"));

        // Someone else's message: the server refuses, nothing changes.
        QSignalSpy refused(&actions, &MessageActions::refused);
        actions.edit(double(chatId), double(typo), QStringLiteral("not mine"));
        QVERIFY(refused.wait());
        QCOMPARE(roleOf(*model, typo, MessageListModel::TextRole).toString(),
                 QStringLiteral("hello wrld"));

        // Bob's edit arrives live: new text, "edited", and the search finds the new words only.
        MSGR_VERIFY_OK(bob.call(api::EditMessage{chatId, typo, QStringLiteral("hello world")}));
        test::awaitCondition(
            [&] {
                return roleOf(*model, typo, MessageListModel::EditedRole).toBool() &&
                       roleOf(*model, typo, MessageListModel::TextRole).toString() ==
                           QStringLiteral("hello world");
            },
            "bob's edit in the bubble");
        QCOMPARE(searchHits(laptop->store, QStringLiteral("world")), QList<qint64>{typo});
        QVERIFY(searchHits(laptop->store, QStringLiteral("wrld")).isEmpty());

        // Bob deletes his second message for everyone: the row, its search entry and one unread
        // go.
        MSGR_VERIFY_OK(bob.call(api::DeleteMessages{chatId, {second}, api::DeleteScope::Everyone}));
        test::awaitCondition([&] { return rowOf(*model, second) < 0; }, "bob's deletion applied");
        QVERIFY(searchHits(laptop->store, QStringLiteral("thought")).isEmpty());
        QCOMPARE(unreadOf(laptop->store, chatId), 1);

        // Alice deletes bob's first message for herself: gone here, still there for bob.
        actions.remove(double(chatId), {double(typo)}, false);
        test::awaitCondition([&] { return rowOf(*model, typo) < 0; }, "deleted for alice");
        QVERIFY(searchHits(laptop->store, QStringLiteral("world")).isEmpty());
        QCOMPARE(unreadOf(laptop->store, chatId), 0);
        const auto bobsAfter = bob.call(api::GetHistory{chatId, 0, 10});
        MSGR_VERIFY_OK(bobsAfter);
        QCOMPARE(bobsAfter.value->messages.first().id, typo);

        // Closed: the laptop misses an edit and a deletion and applies both on its next start.
        const qint64 later = test::sendAs(bob, chatId, QStringLiteral("see you at 5"));
        const qint64 gone = test::sendAs(bob, chatId, QStringLiteral("wrong chat, sorry"));
        test::awaitCondition([&] { return rowOf(*model, gone) >= 0; }, "both stored");
        model.reset();
        laptop.reset();
        MSGR_VERIFY_OK(bob.call(api::EditMessage{chatId, later, QStringLiteral("see you at 6")}));
        MSGR_VERIFY_OK(bob.call(api::DeleteMessages{chatId, {gone}, api::DeleteScope::Everyone}));
        laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        laptop->start();
        model = std::make_unique<MessageListModel>(laptop->context.get());
        model->setChatId(chatId);
        test::awaitCondition(
            [&] {
                return rowOf(*model, gone) < 0 &&
                       roleOf(*model, later, MessageListModel::TextRole).toString() ==
                           QStringLiteral("see you at 6");
            },
            "the restarted laptop caught up with the edit and the deletion");
        QVERIFY(roleOf(*model, later, MessageListModel::EditedRole).toBool());
    }
};

QTEST_MAIN(TstMessageActionsSync)
#include "tst_message_actions_sync.moc"
