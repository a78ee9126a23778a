// Groups on the client, through the REAL msgr-server and the real sync engine (docs/protocol.md
// §5 Groups, issue 10 item 6): three users on three client apps. The owner creates a group (a
// retry with the same random id answers the same group), adds a member and makes another an
// admin; the admin removes the member; a plain member's admin-only act is refused with
// FORBIDDEN and changes nothing; the removed member gets nothing more of the group; the admin
// leaves. Each device's store follows (members, roles, title, its own role), the group info
// model offers only what the role allows, and the service messages read as words.
#include "client_app.h"
#include "core/groups/group_info_model.h"
#include "core/groups/group_service.h"
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
