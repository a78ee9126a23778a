// Pinned messages on the client, through the REAL msgr-server and the real sync engine
// (docs/protocol.md §17.4): the other side's pin reaches the laptop's chat row as a
// chatPinnedMessage update; a pin asked on the laptop is sent with messages.pin and comes back
// the same way; a refusal (a message the server does not have) is reported; deleting the pinned
// message for everyone clears the laptop's pin; a chat list read afresh (a new device) carries it.
// In a group only the owner and admins may pin: the laptop stores its role from the server's
// Chat and the chat list offers pinning by it, following a role change. What the pinned bar
// shows (MessageListModel::pinnedLoaded) follows an edit of the pinned message and its deletion.
#include "client_app.h"
#include "core/chats/chat_list_model.h"
#include "core/messages/message_list_model.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "storage/tables/chats_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
namespace api = protocol::api;

namespace {
const QString kPassword = QStringLiteral("password123");

qint64 pinnedOn(storage::ProfileStore &store, qint64 chatId) {
    const auto chat = test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::ChatsTable::load(tx, chatId);
    });
    return chat ? chat->pinnedMessageId : -1;
}

storage::ChatRole roleOn(storage::ProfileStore &store, qint64 chatId) {
    const auto chat = test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::ChatsTable::load(tx, chatId);
    });
    return chat ? chat->selfRole : storage::ChatRole::Unknown;
}
} // namespace

class TstPinnedMessagesSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void pinsGoBothWaysAndADeletionClearsThem() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        test::ClientApp laptop(dir.path(), server.wsUrl(), QStringLiteral("tst_pins_sync"));
        QVERIFY(laptop.opened);
        const qint64 chatId =
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);
        QCOMPARE(pinnedOn(laptop.store, chatId), 0);

        // Bob pins his message: the laptop's chat row follows.
        const qint64 address = test::sendAs(bob, chatId, QStringLiteral("5 Elm St"));
        QVERIFY(address > 0);
        MSGR_VERIFY_OK(bob.call(api::PinMessage{chatId, address, true}));
        test::awaitCondition([&] { return pinnedOn(laptop.store, chatId) == address; },
                             "bob's pin stored");

        // The laptop pins another one: sent, and back as an update.
        const qint64 time = test::sendAs(bob, chatId, QStringLiteral("at 7"));
        QVERIFY(time > 0);
        QObject receiver;
        QString error = QStringLiteral("not answered");
        laptop.engine->pinMessage(chatId, time, true, &receiver,
                                  [&](const QString &e) { error = e; });
        test::awaitCondition([&] { return error.isEmpty(); }, "the pin answered");
        test::awaitCondition([&] { return pinnedOn(laptop.store, chatId) == time; },
                             "the laptop's own pin stored");

        // A message the server does not have: refused, and the pin stays.
        error = QStringLiteral("not answered");
        laptop.engine->pinMessage(chatId, 987'654'321, true, &receiver,
                                  [&](const QString &e) { error = e; });
        test::awaitCondition([&] { return error != QStringLiteral("not answered"); },
                             "the refusal answered");
        QVERIFY(!error.isEmpty());
        QCOMPARE(pinnedOn(laptop.store, chatId), time);

        // Bob deletes the pinned message for everyone: the laptop's pin goes with it.
        MSGR_VERIFY_OK(bob.call(api::DeleteMessages{chatId, {time}, api::DeleteScope::Everyone}));
        test::awaitCondition([&] { return pinnedOn(laptop.store, chatId) == 0; },
                             "the pin cleared by the deletion");

        // A new device learns a pin from the chat list.
        MSGR_VERIFY_OK(bob.call(api::PinMessage{chatId, address, true}));
        test::awaitCondition([&] { return pinnedOn(laptop.store, chatId) == address; },
                             "bob's second pin stored");
        QTemporaryDir dir2;
        test::ClientApp phone(dir2.path(), server.wsUrl(), QStringLiteral("tst_pins_sync_2"));
        QVERIFY(phone.opened);
        phone.start();
        phone.engine->logIn(QStringLiteral("alice"), kPassword);
        test::awaitCondition([&] { return pinnedOn(phone.store, chatId) == address; },
                             "the pin listed on a new device");
    }

    void thePinnedMessageShownFollowsAnEditAndADeletion() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        test::ClientApp laptop(dir.path(), server.wsUrl(), QStringLiteral("tst_pins_bar"));
        QVERIFY(laptop.opened);
        const qint64 chatId =
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);
        const qint64 address = test::sendAs(bob, chatId, QStringLiteral("5 Elm St"));
        QVERIFY(address > 0);
        MSGR_VERIFY_OK(bob.call(api::PinMessage{chatId, address, true}));
        test::awaitCondition([&] { return pinnedOn(laptop.store, chatId) == address; },
                             "bob's pin stored");

        core::MessageListModel messages;
        messages.setContext(laptop.context.get());
        messages.setChatIdFromQml(double(chatId));
        QSignalSpy shown(&messages, &core::MessageListModel::pinnedLoaded);
        const auto last = [&shown] {
            return std::pair{shown.last().at(1).toBool(), shown.last().at(3).toString()};
        };
        messages.loadPinned(double(address));
        QVERIFY(shown.wait());
        QCOMPARE(last(), std::pair(true, QStringLiteral("5 Elm St")));

        // Bob corrects it: shown again with the new text (it used to keep the old one).
        MSGR_VERIFY_OK(bob.call(api::EditMessage{chatId, address, QStringLiteral("7 Oak Ave")}));
        QTRY_COMPARE_WITH_TIMEOUT(last(), std::pair(true, QStringLiteral("7 Oak Ave")), 15'000);

        // Deleted by alice (for her, on all her devices): no longer shown.
        QObject receiver;
        QString error = QStringLiteral("not answered");
        laptop.engine->deleteMessages(chatId, {address}, false, &receiver,
                                      [&](const QString &e) { error = e; });
        test::awaitCondition([&] { return error.isEmpty(); }, "the deletion answered");
        QTRY_COMPARE_WITH_TIMEOUT(last().first, false, 15'000);
    }

    void onlyAGroupsOwnerAndAdminsMayPin() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        test::ClientApp laptop(dir.path(), server.wsUrl(), QStringLiteral("tst_pins_roles"));
        QVERIFY(laptop.opened);
        const qint64 privateChat =
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(privateChat > 0);
        core::ChatListModel chats(laptop.context.get());
        chats.load();

        // Bob's group with alice as a plain member: no pinning offered to her.
        const auto group =
            bob.call(api::CreateGroup{9101, QStringLiteral("Trip"), {laptop.userId}});
        MSGR_VERIFY_OK(group);
        const qint64 groupId = group.value->chat.id;
        test::awaitCondition(
            [&] { return roleOn(laptop.store, groupId) == storage::ChatRole::Member; },
            "alice stored as a member");
        test::awaitCondition(
            [&] { return chats.kindOf(double(groupId)) == QLatin1String("group"); },
            "the group listed");
        QVERIFY(!chats.mayPinMessagesIn(double(groupId)));
        QVERIFY(chats.mayPinMessagesIn(double(privateChat))); // either side of a private chat

        // Made an admin: offered; back to member: withdrawn.
        MSGR_VERIFY_OK(bob.call(api::SetGroupRole{groupId, laptop.userId, api::GroupRole::Admin}));
        test::awaitCondition([&] { return chats.mayPinMessagesIn(double(groupId)); },
                             "pinning offered to the admin");
        QCOMPARE(roleOn(laptop.store, groupId), storage::ChatRole::Admin);
        MSGR_VERIFY_OK(bob.call(api::SetGroupRole{groupId, laptop.userId, api::GroupRole::Member}));
        test::awaitCondition([&] { return !chats.mayPinMessagesIn(double(groupId)); },
                             "pinning withdrawn from the member");

        // Bob leaves: the group passes to its only member, alice, who may pin as its owner.
        MSGR_VERIFY_OK(bob.call(api::LeaveGroup{groupId}));
        test::awaitCondition(
            [&] { return roleOn(laptop.store, groupId) == storage::ChatRole::Owner; },
            "alice stored as the owner");
        test::awaitCondition([&] { return chats.mayPinMessagesIn(double(groupId)); },
                             "pinning offered to the owner");
    }
};

QTEST_GUILESS_MAIN(TstPinnedMessagesSync)
#include "tst_pinned_messages_sync.moc"
