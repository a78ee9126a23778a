// Groups on the client, through the REAL msgr-server and the real sync engine (docs/protocol.md
// §5 Groups, issue 10 item 6): three users on three client apps. The owner creates a group (a
// retry with the same random id answers the same group), adds a member and makes another an
// admin; the admin removes the member; a plain member's admin-only act is refused with
// FORBIDDEN and changes nothing; the removed member gets nothing more of the group; the admin
// leaves. Each device's store follows (members, roles, title, its own role), the group info
// model offers only what the role allows, and the service messages read as words.
//
// Invite links and read lists (§20, §21, issue 10 items 1 and 6): the owner exports a link from
// the info page's model, a newcomer previews and joins by it and gets the group's messages, an
// export again kills the link before, a revoke kills the live one (NOT_FOUND, in words for the
// user); the sender's "Read by" lists a member who read as read and one whose device only
// stored the message as received.
#include "client_app.h"
#include "core/groups/group_info_model.h"
#include "core/groups/group_invite_link.h"
#include "core/groups/group_service.h"
#include "core/groups/invite_joiner.h"
#include "core/groups/invite_link.h"
#include "core/groups/message_readers_model.h"
#include "core/groups/service_message_text.h"
#include "core_test_helpers.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"
#include "tests/support/server_process.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
namespace api = protocol::api;
using storage::ChatRole;

namespace {
const QString kPassword = QStringLiteral("password123");

//! Starts the app, signs up as `name` and waits until it is in sync.
bool signUp(test::ClientApp &app, const QString &name) {
    app.start();
    app.engine->signUp(name, kPassword, name);
    return QTest::qWaitFor([&] { return app.syncs > 0 && app.userId > 0; }, 20'000);
}

//! Runs one groups.* call through the app's engine and waits for its outcome.
core::GroupOutcome call(test::ClientApp &app, const core::GroupRequest &request) {
    std::optional<core::GroupOutcome> outcome;
    QObject receiver;
    app.engine->groupCall(request, &receiver,
                          [&outcome](const core::GroupOutcome &o) { outcome = o; });
    test::awaitCondition([&] { return outcome.has_value(); }, "the group call answered");
    return *outcome;
}

//! Runs one invite-link or read-list query through the app's engine and waits for its answer.
core::GroupAnswer ask(test::ClientApp &app, const core::GroupQuery &query) {
    std::optional<core::GroupAnswer> answer;
    QObject receiver;
    app.engine->groupQuery(query, &receiver, [&answer](const core::GroupAnswer &a) { answer = a; });
    test::awaitCondition([&] { return answer.has_value(); }, "the group query answered");
    return *answer;
}

//! The state ("read", "delivered", "sent") of each member in the sender's read list.
QHash<qint64, QString> readStates(test::ClientApp &sender, qint64 chatId, qint64 messageId) {
    QHash<qint64, QString> states;
    const core::GroupAnswer answer = ask(sender, api::GetMessageReaders{chatId, messageId});
    for (const api::MessageReader &r : answer.readers)
        states.insert(r.userId, api::readerStateName(r.state));
    return states;
}

//! The server id of the newest message of `chatId` with `text`, once the server stored it.
qint64 serverIdOf(storage::ProfileStore &store, qint64 chatId, const QString &text) {
    qint64 id = 0;
    test::awaitCondition(
        [&] {
            for (const storage::MessageRecord &m : test::messages(store, chatId))
                if (m.text == text && m.serverId > 0)
                    id = m.serverId;
            return id > 0;
        },
        "the message is on the server");
    return id;
}

std::optional<storage::ChatRecord> chatOn(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::ChatsTable::load(tx, chatId);
    });
}

QList<storage::ChatMemberRecord> membersOn(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::ChatsTable::members(tx, chatId);
    });
}

QString titleOn(storage::ProfileStore &store, qint64 chatId) {
    const auto chat = chatOn(store, chatId);
    return chat ? chat->title : QString();
}

ChatRole roleOn(storage::ProfileStore &store, qint64 chatId) {
    const auto chat = chatOn(store, chatId);
    return chat ? chat->selfRole : ChatRole::Unknown;
}

//! The service messages of the chat as the chat view shows them.
QStringList serviceLines(storage::ProfileStore &store, qint64 chatId) {
    QHash<qint64, QString> names;
    const auto users = test::read(store, [](storage::ReadTransaction &tx) {
        return storage::UsersTable::load(tx, {1, 2, 3, 4, 5, 6});
    });
    for (const storage::UserRecord &u : users)
        names.insert(u.id, u.displayName);
    QStringList lines;
    for (const storage::MessageRecord &m : test::messages(store, chatId))
        if (m.isService())
            lines.append(core::groups::serviceMessageText(
                m, [&names](qint64 id) { return names.value(id); }));
    return lines;
}

qint64 randomId() {
    return 0x5eed'0000'0001;
}
} // namespace

class TstGroupsSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void ownerAdminAndMemberEachDoWhatTheirRoleAllows() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir dirA, dirB, dirC;
        test::ClientApp alice(dirA.path(), server.wsUrl(), QStringLiteral("tst_groups_a"));
        test::ClientApp bob(dirB.path(), server.wsUrl(), QStringLiteral("tst_groups_b"));
        test::ClientApp carl(dirC.path(), server.wsUrl(), QStringLiteral("tst_groups_c"));
        QVERIFY(alice.opened && bob.opened && carl.opened);
        QVERIFY(signUp(alice, QStringLiteral("alice")));
        QVERIFY(signUp(bob, QStringLiteral("bob")));
        QVERIFY(signUp(carl, QStringLiteral("carl")));

        // Alice creates "Trip" with Bob: stored on her device when the answer comes.
        const core::GroupOutcome created =
            call(alice, api::CreateGroup{randomId(), QStringLiteral("  Trip "), {bob.userId}});
        QVERIFY2(created.ok(), qPrintable(created.message));
        const qint64 chatId = created.chatId;
        QVERIFY(chatId > 0);
        QCOMPARE(titleOn(alice.store, chatId), QStringLiteral("Trip"));
        QCOMPARE(roleOn(alice.store, chatId), ChatRole::Owner);
        // A retry after a lost answer (same random id) is the same group, not a second one.
        const core::GroupOutcome retried =
            call(alice, api::CreateGroup{randomId(), QStringLiteral("Trip"), {bob.userId}});
        QVERIFY(retried.ok());
        QCOMPARE(retried.chatId, chatId);

        // She adds Carl and makes Bob an admin: every device follows through its log.
        QVERIFY(call(alice, api::AddGroupMembers{chatId, {carl.userId}}).ok());
        QVERIFY(call(alice, api::SetGroupRole{chatId, bob.userId, api::GroupRole::Admin}).ok());
        test::awaitCondition([&] { return roleOn(bob.store, chatId) == ChatRole::Admin; },
                             "bob is an admin on his device");
        test::awaitCondition([&] { return roleOn(carl.store, chatId) == ChatRole::Member; },
                             "carl's device has the group");
        const QList<storage::ChatMemberRecord> expected{{alice.userId, ChatRole::Owner},
                                                        {bob.userId, ChatRole::Admin},
                                                        {carl.userId, ChatRole::Member}};
        QCOMPARE(membersOn(alice.store, chatId), expected);
        test::awaitCondition([&] { return membersOn(carl.store, chatId) == expected; },
                             "carl's device lists the roles");

        // Carl, a plain member, may not rename the group nor remove Bob: FORBIDDEN, nothing
        // changes.
        const core::GroupOutcome rename =
            call(carl, api::SetGroupTitle{chatId, QStringLiteral("Carl's")});
        QCOMPARE(rename.code, QStringLiteral("FORBIDDEN"));
        QVERIFY(!rename.message.isEmpty());
        const core::GroupOutcome kick = call(carl, api::RemoveGroupMember{chatId, bob.userId});
        QCOMPARE(kick.code, QStringLiteral("FORBIDDEN"));
        QCOMPARE(titleOn(carl.store, chatId), QStringLiteral("Trip"));
        QCOMPARE(membersOn(carl.store, chatId), expected);

        // What the info page offers each of them.
        core::GroupInfoModel carlsPage;
        carlsPage.setContext(carl.context.get());
        carlsPage.setChatIdFromQml(double(chatId));
        QTRY_COMPARE_WITH_TIMEOUT(carlsPage.memberCount(), 3, 15'000);
        QCOMPARE(carlsPage.selfRole(), QStringLiteral("member"));
        QVERIFY(!carlsPage.canAddMembers());
        QVERIFY(!carlsPage.canRename());
        for (int row = 0; row < 3; ++row) {
            QVERIFY(!carlsPage.data(carlsPage.index(row), core::GroupInfoModel::CanRemoveRole)
                         .toBool());
            QVERIFY(!carlsPage.data(carlsPage.index(row), core::GroupInfoModel::CanSetRoleRole)
                         .toBool());
        }
        core::GroupInfoModel bobsPage;
        bobsPage.setContext(bob.context.get());
        bobsPage.setChatIdFromQml(double(chatId));
        QTRY_COMPARE_WITH_TIMEOUT(bobsPage.memberCount(), 3, 15'000);
        QCOMPARE(bobsPage.title(), QStringLiteral("Trip"));
        QCOMPARE(bobsPage.selfRole(), QStringLiteral("admin"));
        QVERIFY(bobsPage.canAddMembers());
        QVERIFY(bobsPage.canRename());
        const auto rowData = [](const core::GroupInfoModel &m, int row, int role) {
            return m.data(m.index(row), role);
        };
        // Owner first, then the admin, then the member; Bob may remove only Carl.
        QCOMPARE(rowData(bobsPage, 0, core::GroupInfoModel::RoleNameRole).toString(),
                 QStringLiteral("owner"));
        QCOMPARE(rowData(bobsPage, 1, core::GroupInfoModel::RoleNameRole).toString(),
                 QStringLiteral("admin"));
        QCOMPARE(rowData(bobsPage, 2, core::GroupInfoModel::UserIdRole).toDouble(),
                 double(carl.userId));
        QTRY_COMPARE_WITH_TIMEOUT(rowData(bobsPage, 2, core::GroupInfoModel::NameRole).toString(),
                                  QStringLiteral("carl"), 15'000);
        QVERIFY(!rowData(bobsPage, 0, core::GroupInfoModel::CanRemoveRole).toBool());
        QVERIFY(!rowData(bobsPage, 1, core::GroupInfoModel::CanRemoveRole).toBool());
        QVERIFY(rowData(bobsPage, 2, core::GroupInfoModel::CanRemoveRole).toBool());
        QVERIFY(!rowData(bobsPage, 2, core::GroupInfoModel::CanSetRoleRole).toBool());

        // Bob, the admin, removes Carl from his info page: every device follows.
        QSignalSpy done(&bobsPage, &core::GroupInfoModel::actionDone);
        bobsPage.removeMember(double(carl.userId));
        QVERIFY(done.wait(15'000));
        QTRY_COMPARE_WITH_TIMEOUT(bobsPage.memberCount(), 2, 15'000);
        test::awaitCondition([&] { return membersOn(carl.store, chatId).size() == 2; },
                             "carl's device learns he was removed");
        QTRY_VERIFY_WITH_TIMEOUT(!carlsPage.isMember(), 15'000);
        QVERIFY(!carlsPage.canAddMembers());
        QCOMPARE(carlsPage.selfRole(), QString());

        // Carl gets nothing more: Alice renames the group and writes; Bob sees both, Carl's
        // device keeps the old title, and the server does not know him in the group.
        QVERIFY(call(alice, api::SetGroupTitle{chatId, QStringLiteral("Trip 2")}).ok());
        alice.context->sendText(chatId, QStringLiteral("tickets bought"));
        test::awaitCondition(
            [&] {
                const auto m = test::messages(bob.store, chatId);
                return !m.isEmpty() && m.last().text == QStringLiteral("tickets bought");
            },
            "bob got the message");
        QCOMPARE(titleOn(bob.store, chatId), QStringLiteral("Trip 2"));
        QCOMPARE(call(carl, api::LeaveGroup{chatId}).code, QStringLiteral("NOT_FOUND"));
        QCOMPARE(titleOn(carl.store, chatId), QStringLiteral("Trip"));
        for (const storage::MessageRecord &m : test::messages(carl.store, chatId))
            QVERIFY(m.text != QStringLiteral("tickets bought"));

        // The history tells what happened, in words, with the names.
        test::awaitCondition([&] { return serviceLines(alice.store, chatId).size() == 4; },
                             "alice has the four service messages");
        QCOMPARE(
            serviceLines(alice.store, chatId),
            (QStringList{QStringLiteral("alice created the group “Trip”"),
                         QStringLiteral("alice added carl"), QStringLiteral("bob removed carl"),
                         QStringLiteral("alice changed the group name to “Trip 2”")}));

        // Bob leaves: his page says he is out; Alice's device keeps her alone.
        QSignalSpy left(&bobsPage, &core::GroupInfoModel::leftGroup);
        bobsPage.leave();
        QVERIFY(left.wait(15'000));
        QTRY_VERIFY_WITH_TIMEOUT(!bobsPage.isMember(), 15'000);
        test::awaitCondition(
            [&] {
                return membersOn(alice.store, chatId) ==
                       QList<storage::ChatMemberRecord>{{alice.userId, ChatRole::Owner}};
            },
            "alice's device learns bob left");
        test::awaitCondition([&] { return serviceLines(alice.store, chatId).size() == 5; },
                             "the leaving is in the history");
        QCOMPARE(serviceLines(alice.store, chatId).last(), QStringLiteral("bob left the group"));

        // The last member leaves: the answer (a group of no members) is read and stored.
        const core::GroupOutcome last = call(alice, api::LeaveGroup{chatId});
        QVERIFY2(last.ok(), qPrintable(last.message));
        QVERIFY(membersOn(alice.store, chatId).isEmpty());
    }

    void inviteLinksAndTheReadList() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir dirA, dirB, dirC, dirD;
        test::ClientApp alice(dirA.path(), server.wsUrl(), QStringLiteral("tst_invites_a"));
        test::ClientApp bob(dirB.path(), server.wsUrl(), QStringLiteral("tst_invites_b"));
        test::ClientApp carol(dirC.path(), server.wsUrl(), QStringLiteral("tst_invites_c"));
        test::ClientApp dave(dirD.path(), server.wsUrl(), QStringLiteral("tst_invites_d"));
        QVERIFY(alice.opened && bob.opened && carol.opened && dave.opened);
        QVERIFY(signUp(alice, QStringLiteral("alice")));
        QVERIFY(signUp(bob, QStringLiteral("bob")));
        QVERIFY(signUp(carol, QStringLiteral("carol")));
        QVERIFY(signUp(dave, QStringLiteral("dave")));
        const core::GroupOutcome created =
            call(alice, api::CreateGroup{randomId(), QStringLiteral("Club"), {bob.userId}});
        QVERIFY2(created.ok(), qPrintable(created.message));
        const qint64 chatId = created.chatId;

        // Alice, the owner, creates the link on the info page; Bob, a plain member, may not.
        core::GroupInviteLink invite;
        invite.setProperty("context", QVariant::fromValue(alice.context.get()));
        invite.setChatIdFromQml(double(chatId));
        invite.create();
        QTRY_VERIFY_WITH_TIMEOUT(!invite.link().isEmpty(), 15'000);
        QVERIFY(invite.link().startsWith(QStringLiteral("msgr://join/")));
        QVERIFY(invite.error().isEmpty());
        const QString firstLink = invite.link();
        QCOMPARE(ask(bob, api::ExportInvite{chatId}).code, QStringLiteral("FORBIDDEN"));

        // Carol pastes it: she sees the group, joins, and has it on her device.
        core::InviteJoiner joiner;
        joiner.setProperty("context", QVariant::fromValue(carol.context.get()));
        joiner.check(QStringLiteral("  ") + firstLink + QStringLiteral("\n"));
        QTRY_VERIFY_WITH_TIMEOUT(joiner.previewed(), 15'000);
        QCOMPARE(joiner.title(), QStringLiteral("Club"));
        QCOMPARE(joiner.memberCount(), 2);
        QVERIFY(!joiner.alreadyMember());
        QSignalSpy joined(&joiner, &core::InviteJoiner::joined);
        joiner.join();
        QVERIFY(joined.wait(15'000));
        QCOMPARE(joined.first().at(0).toDouble(), double(chatId));
        QCOMPARE(titleOn(carol.store, chatId), QStringLiteral("Club"));
        QCOMPARE(roleOn(carol.store, chatId), ChatRole::Member);
        test::awaitCondition([&] { return membersOn(alice.store, chatId).size() == 3; },
                             "alice's device learns carol joined");
        // Checked again, the link says she is in already.
        joiner.check(firstLink);
        QTRY_VERIFY_WITH_TIMEOUT(joiner.previewed(), 15'000);
        QVERIFY(joiner.alreadyMember());

        // She gets the group's messages.
        alice.context->sendText(chatId, QStringLiteral("welcome carol"));
        test::awaitCondition(
            [&] {
                const auto m = test::messages(carol.store, chatId);
                return !m.isEmpty() && m.last().text == QStringLiteral("welcome carol");
            },
            "carol got the group's message");

        // The read list of Alice's message: Bob reads it, Carol's device only stores it.
        const qint64 messageId = serverIdOf(alice.store, chatId, QStringLiteral("welcome carol"));
        serverIdOf(bob.store, chatId, QStringLiteral("welcome carol"));
        bob.context->markRead(chatId, messageId);
        test::awaitCondition(
            [&] {
                const auto states = readStates(alice, chatId, messageId);
                return states.value(bob.userId) == QStringLiteral("read") &&
                       states.value(carol.userId) == QStringLiteral("delivered");
            },
            "bob read it, carol received it");
        QCOMPARE(readStates(alice, chatId, messageId).size(), 2); // every member but alice
        // Only the sender may ask.
        QCOMPARE(ask(bob, api::GetMessageReaders{chatId, messageId}).code,
                 QStringLiteral("FORBIDDEN"));
        // Alice's "Read by" popup: Bob (read) first, then Carol (received), with names.
        core::MessageReadersModel readers;
        readers.setContext(alice.context.get());
        readers.setProperty("chatId", double(chatId));
        readers.setProperty("messageId", double(messageId));
        readers.load();
        QVERIFY(readers.loading());
        QTRY_VERIFY_WITH_TIMEOUT(!readers.loading(), 15'000);
        QVERIFY2(readers.error().isEmpty(), qPrintable(readers.error()));
        QCOMPARE(readers.rowCount(), 2);
        QCOMPARE(readers.readCount(), 1);
        QCOMPARE(readers.deliveredCount(), 1);
        const auto cell = [&readers](int row, int role) {
            return readers.data(readers.index(row), role);
        };
        QCOMPARE(cell(0, core::MessageReadersModel::UserIdRole).toDouble(), double(bob.userId));
        QCOMPARE(cell(0, core::MessageReadersModel::StateRole).toString(), QStringLiteral("read"));
        QVERIFY(cell(0, core::MessageReadersModel::AtRole).toDateTime().isValid());
        QCOMPARE(cell(1, core::MessageReadersModel::StateRole).toString(),
                 QStringLiteral("delivered"));
        QTRY_COMPARE_WITH_TIMEOUT(cell(0, core::MessageReadersModel::NameRole).toString(),
                                  QStringLiteral("bob"), 15'000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(1, core::MessageReadersModel::NameRole).toString(),
                                  QStringLiteral("carol"), 15'000);

        // A new link kills the one before: Dave is told it is dead.
        invite.create();
        QTRY_VERIFY_WITH_TIMEOUT(invite.link() != firstLink, 15'000);
        const QString secondLink = invite.link();
        core::InviteJoiner davesJoiner;
        davesJoiner.setProperty("context", QVariant::fromValue(dave.context.get()));
        davesJoiner.check(firstLink);
        QTRY_VERIFY_WITH_TIMEOUT(!davesJoiner.error().isEmpty(), 15'000);
        QCOMPARE(davesJoiner.error(), QStringLiteral("This link is invalid or was revoked."));
        QVERIFY(!davesJoiner.previewed());

        // Alice revokes the live one: Dave's join is refused, nothing of the group reaches him.
        QSignalSpy revoked(&invite, &core::GroupInviteLink::revoked);
        invite.revoke();
        QVERIFY(revoked.wait(15'000));
        QVERIFY(invite.link().isEmpty());
        const auto token = core::groups::inviteTokenFrom(secondLink);
        QVERIFY(token.has_value());
        const core::GroupOutcome refused = call(dave, api::JoinByInvite{*token});
        QCOMPARE(refused.code, QStringLiteral("NOT_FOUND"));
        QVERIFY(!chatOn(dave.store, chatId).has_value());
        QCOMPARE(membersOn(alice.store, chatId).size(), 3);
        // Not a link at all: refused before anything is sent.
        davesJoiner.check(QStringLiteral("https://example.org/join/abc"));
        QVERIFY(davesJoiner.error().startsWith(QStringLiteral("This is not an invite link")));
    }

    void pastedLinksAreReadStrictly() {
        const QString token(43, u'A');
        QCOMPARE(core::groups::inviteTokenFrom(QStringLiteral("msgr://join/") + token), token);
        QCOMPARE(core::groups::inviteTokenFrom(QStringLiteral(" MSGR://JOIN/") + token), token);
        QCOMPARE(core::groups::inviteTokenFrom(token + QStringLiteral("\n")), token);
        QCOMPARE(core::groups::inviteLink(token), QStringLiteral("msgr://join/") + token);
        QVERIFY(!core::groups::inviteTokenFrom(QString()));
        QVERIFY(!core::groups::inviteTokenFrom(QStringLiteral("msgr://join/")));
        QVERIFY(!core::groups::inviteTokenFrom(QStringLiteral("msgr://join/a b")));
        QVERIFY(!core::groups::inviteTokenFrom(QStringLiteral("msgr://join/a/b")));
        QVERIFY(!core::groups::inviteTokenFrom(QStringLiteral("https://x.org/") + token));
        QVERIFY(!core::groups::inviteTokenFrom(QString(65, u'A'))); // longer than the server reads
        QVERIFY(core::groups::inviteTokenFrom(QString(64, u'A')));
    }

    void offlineACallIsRefusedAtOnce() {
        QTemporaryDir dir;
        // No server: the app never signs in.
        test::ClientApp app(dir.path(), QUrl(QStringLiteral("ws://127.0.0.1:9")),
                            QStringLiteral("tst_groups_offline"));
        QVERIFY(app.opened);
        const core::GroupOutcome outcome =
            call(app, api::CreateGroup{randomId(), QStringLiteral("Trip"), {}});
        QCOMPARE(outcome.code, QStringLiteral("OFFLINE"));
        QCOMPARE(outcome.message, core::GroupService::offlineMessage());
        QCOMPARE(outcome.chatId, 0);
    }
};

QTEST_GUILESS_MAIN(TstGroupsSync)
#include "tst_groups_sync.moc"
