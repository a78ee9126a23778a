// The group rules of server/domain/groups.* over the real SQLite store: the creator owns the
// group, every member hears of every change once, members cannot do an admin's or the owner's
// acts, a removed member gets nothing more, 200 members at most, the owner's leaving hands the
// group on, and all of it survives a reopen of the store.
#include "protocol/limits.h"
#include "tests/server/domain/domain_fixture.h"

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::ActionKind;
using protocol::api::GroupRole;
using server::domain::GroupChange;

namespace {
//! The kinds of the updates logged to `userId`, in log order ("newChat", "newMessage", ...).
QStringList kindsFor(const GroupChange &change, qint64 userId) {
    QStringList kinds;
    for (const UserUpdate &u : change.updates) {
        if (u.userId != userId)
            continue;
        kinds.append(std::visit(
            [](const auto &update) -> QString {
                using T = std::decay_t<decltype(update)>;
                if constexpr (std::is_same_v<T, protocol::UnknownUpdate>)
                    return update.type;
                else
                    return T::type;
            },
            u.logged.update));
    }
    return kinds;
}

std::optional<protocol::MessageAction> lastAction(Fixture &f, qint64 viewer, qint64 chatId) {
    const auto page = valueOr(f.domain->messages.history(viewer, chatId, 0, 1));
    return page.messages.isEmpty() ? std::nullopt : page.messages.last().action;
}
} // namespace

class TestDomainGroups : public QObject {
    Q_OBJECT

    using Call = std::function<void(server::domain::Groups &, server::domain::Groups::Done)>;
    StoreResult<GroupChange> run(Fixture &f, const Call &call) {
        return await<GroupChange>([&](auto done) { call(f.domain->groups, done); });
    }
    StoreResult<GroupChange> create(Fixture &f, qint64 owner, const QList<qint64> &others,
                                    qint64 randomId = 77, const QString &title = "Trip") {
        return run(f, [&](auto &g, auto done) {
            g.create(owner, randomId, title, others, ++f.clock, done);
        });
    }
    StoreResult<GroupChange> add(Fixture &f, qint64 caller, qint64 chat, QList<qint64> users) {
        return run(f,
                   [&](auto &g, auto done) { g.addMembers(caller, chat, users, ++f.clock, done); });
    }
    StoreResult<GroupChange> remove(Fixture &f, qint64 caller, qint64 chat, qint64 user) {
        return run(
            f, [&](auto &g, auto done) { g.removeMember(caller, chat, user, ++f.clock, done); });
    }
    StoreResult<GroupChange> leave(Fixture &f, qint64 caller, qint64 chat) {
        return run(f, [&](auto &g, auto done) { g.leave(caller, chat, ++f.clock, done); });
    }
    StoreResult<GroupChange> rename(Fixture &f, qint64 caller, qint64 chat, const QString &t) {
        return run(f, [&](auto &g, auto done) { g.setTitle(caller, chat, t, ++f.clock, done); });
    }
    StoreResult<GroupChange> setRole(Fixture &f, qint64 caller, qint64 chat, qint64 user,
                                     GroupRole role) {
        return run(f, [&](auto &g, auto done) { g.setRole(caller, chat, user, role, done); });
    }
    static bool refusedWith(const StoreResult<GroupChange> &r, protocol::ErrorCode code) {
        return r.index() == 0 && std::get<0>(r).refused && std::get<0>(r).refused->code == code;
    }

private slots:
    void theCreatorOwnsTheGroupAndEveryMemberHearsOfItOnce() {
        Fixture f;
        QVERIFY2(f.store, qPrintable(f.error));
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        EXPECT_VALUE(created, create(f, alice, {bob, carol, bob, alice}));
        QVERIFY(!created.refused);
        QCOMPARE(created.chat.kind, protocol::ChatKind::Group);
        QCOMPARE(created.chat.title, QStringLiteral("Trip"));
        QCOMPARE(created.chat.memberIds, (QList<qint64>{alice, bob, carol})); // no repeats
        QCOMPARE(created.chat.ownerId, alice);
        QVERIFY(created.chat.adminIds.isEmpty());
        for (const qint64 member : {alice, bob, carol})
            QCOMPARE(kindsFor(created, member), (QStringList{"newChat", "newMessage"}));
        QCOMPARE(created.callerPts, valueOr(f.domain->updates.currentPts(alice)));

        // The history starts with the service message, sent by the creator, with no text.
        const auto page = valueOr(f.domain->messages.history(carol, created.chat.id, 0, 10));
        QCOMPARE(page.messages.size(), 1);
        QCOMPARE(page.messages.first().senderId, alice);
        QVERIFY(page.messages.first().text.isEmpty());
        QCOMPARE(page.messages.first().action,
                 (protocol::MessageAction{ActionKind::GroupCreated, {bob, carol}, "Trip"}));

        // A retry with the same randomId (the answer was lost) is the same group, unlogged.
        EXPECT_VALUE(retried, create(f, alice, {bob, carol}));
        QCOMPARE(retried.chat.id, created.chat.id);
        QVERIFY(retried.updates.isEmpty());
        QCOMPARE(retried.callerPts, created.callerPts);

        // A message in the group reaches every member's log.
        EXPECT_VALUE(sent, f.send(bob, created.chat.id, 5));
        QCOMPARE(sent.updates.size(), 3);
    }

    void aMemberCannotDoAnAdminsActAndNothingIsWritten() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol"),
                     dave = f.userId("dave");
        const qint64 chat = valueOr(create(f, alice, {bob, carol})).chat.id;
        const QList<qint64> before = logPts(*f.domain, alice) + logPts(*f.domain, carol);

        QVERIFY(refusedWith(add(f, bob, chat, {dave}), protocol::ErrorCode::Forbidden));
        QVERIFY(refusedWith(remove(f, bob, chat, carol), protocol::ErrorCode::Forbidden));
        QVERIFY(refusedWith(rename(f, bob, chat, "Mine"), protocol::ErrorCode::Forbidden));
        QVERIFY(refusedWith(setRole(f, bob, chat, carol, GroupRole::Admin),
                            protocol::ErrorCode::Forbidden));
        // A user outside the group learns nothing, not even that it is a group.
        QVERIFY(failedWith(add(f, dave, chat, {dave}), StoreError::NotFound));
        QVERIFY(failedWith(leave(f, dave, chat), StoreError::NotFound));

        QCOMPARE(logPts(*f.domain, alice) + logPts(*f.domain, carol), before);
        EXPECT_VALUE(chats, f.domain->chats.chats(carol));
        QCOMPARE(chats.first().chat.title, QStringLiteral("Trip"));
        QCOMPARE(chats.first().chat.memberIds, (QList<qint64>{alice, bob, carol}));
    }

    void anAdminManagesMembersButNotTheOwnerOrOtherAdmins() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol"),
                     dave = f.userId("dave"), erin = f.userId("erin");
        const qint64 chat = valueOr(create(f, alice, {bob, carol, erin})).chat.id;
        EXPECT_VALUE(promoted, setRole(f, alice, chat, bob, GroupRole::Admin));
        QCOMPARE(promoted.chat.adminIds, QList<qint64>{bob});
        QCOMPARE(kindsFor(promoted, carol), QStringList{"chatChanged"}); // no service message
        QVERIFY(!valueOr(setRole(f, alice, chat, erin, GroupRole::Admin)).refused);

        EXPECT_VALUE(added, add(f, bob, chat, {dave}));
        QVERIFY(!added.refused);
        QCOMPARE(kindsFor(added, dave), (QStringList{"newChat", "newMessage"}));
        QCOMPARE(kindsFor(added, carol), (QStringList{"chatChanged", "newMessage"}));
        QCOMPARE(lastAction(f, dave, chat),
                 (protocol::MessageAction{ActionKind::MembersAdded, {dave}, {}}));
        // Adding a member twice is a retry: nothing more is written.
        QVERIFY(valueOr(add(f, bob, chat, {dave})).updates.isEmpty());

        QVERIFY(refusedWith(remove(f, bob, chat, alice), protocol::ErrorCode::Forbidden));
        QVERIFY(refusedWith(remove(f, bob, chat, erin), protocol::ErrorCode::Forbidden));
        QVERIFY(refusedWith(setRole(f, bob, chat, carol, GroupRole::Admin),
                            protocol::ErrorCode::Forbidden));
        QVERIFY(refusedWith(setRole(f, alice, chat, alice, GroupRole::Member),
                            protocol::ErrorCode::BadRequest));
        EXPECT_VALUE(removed, remove(f, bob, chat, carol));
        QVERIFY(!removed.refused);
        QVERIFY(!removed.chat.memberIds.contains(carol));
        // The owner may remove an admin.
        EXPECT_VALUE(adminRemoved, remove(f, alice, chat, erin));
        QVERIFY(!adminRemoved.refused);
        QCOMPARE(adminRemoved.chat.adminIds, QList<qint64>{bob});
    }

    void aRemovedMemberHearsItOnceThenNothingMore() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 chat = valueOr(create(f, alice, {bob, carol})).chat.id;
        const auto pinned = await<server::domain::PinChange>(
            [&](auto done) { f.domain->pins.setPinned(carol, chat, true, done); });
        QCOMPARE(valueOr(pinned).chatIds, QList<qint64>{chat});
        // Carol sends first, so the store's writer remembers her among the members: the
        // removal must make it forget that (writer_memory.h).
        EXPECT_VALUE(before, f.send(carol, chat, 8, "before"));
        QCOMPARE(before.updates.size(), 3);
        EXPECT_VALUE(removed, remove(f, alice, chat, carol));
        QCOMPARE(kindsFor(removed, carol),
                 (QStringList{"chatChanged", "newMessage", "pinnedChats"}));
        QCOMPARE(lastAction(f, alice, chat),
                 (protocol::MessageAction{ActionKind::MemberRemoved, {carol}, {}}));

        const qint64 carolPts = valueOr(f.domain->updates.currentPts(carol));
        EXPECT_VALUE(sent, f.send(alice, chat, 9, "without carol"));
        QCOMPARE(sent.updates.size(), 2);
        QCOMPARE(valueOr(f.domain->updates.currentPts(carol)), carolPts);
        QVERIFY(failedWith(f.send(carol, chat, 10), StoreError::NotFound));
        QVERIFY(failedWith(f.domain->messages.history(carol, chat, 0, 10), StoreError::NotFound));
        QVERIFY(valueOr(f.domain->pins.pinnedChats(carol)).chatIds.isEmpty());
    }

    void aReadInAGroupTellsOnlyTheSendersOfWhatWasRead() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 chat = valueOr(create(f, alice, {bob, carol})).chat.id;
        // Carol has seen the group's first (service) message, which alice "sent".
        const qint64 created =
            valueOr(f.domain->messages.history(carol, chat, 0, 1)).messages.last().id;
        QVERIFY(!valueOr(f.markDelivered(carol, chat, created)).updates.isEmpty());
        QVERIFY(!valueOr(f.markRead(carol, chat, created)).updates.isEmpty());
        const qint64 fromBob = f.messageId(bob, chat);
        const qint64 alicePts = valueOr(f.domain->updates.currentPts(alice));

        EXPECT_VALUE(delivered, f.markDelivered(carol, chat, fromBob));
        QCOMPARE(delivered.updates.size(), 1);
        QCOMPARE(delivered.updates.first().userId, bob);
        QVERIFY(holds<protocol::DeliveredUpdate>(delivered.updates.first().logged));
        EXPECT_VALUE(read, f.markRead(carol, chat, fromBob));
        QCOMPARE(read.updates.size(), 2); // carol's own readInbox, bob's readOutbox
        QCOMPARE(read.updates.last().userId, bob);
        QVERIFY(holds<protocol::ReadOutboxUpdate>(read.updates.last().logged));
        // Alice wrote nothing in what carol just read: her log is untouched.
        QCOMPARE(valueOr(f.domain->updates.currentPts(alice)), alicePts);

        const qint64 fromAlice = f.messageId(alice, chat);
        EXPECT_VALUE(readAlice, f.markRead(bob, chat, fromAlice));
        QStringList told;
        for (const UserUpdate &u : readAlice.updates)
            if (u.userId != bob)
                told.append(QString::number(u.userId));
        QCOMPARE(told, QStringList{QString::number(alice)}); // not carol: she wrote nothing
    }

    void aGroupHoldsAtMost200Members() {
        Fixture f;
        const qint64 owner = f.userId("owner");
        QList<qint64> users;
        for (int i = 0; i < protocol::kMaxGroupMembers; ++i)
            users.append(f.userId(QStringLiteral("user%1").arg(i)));
        const QList<qint64> first199 = users.mid(0, protocol::kMaxGroupMembers - 1);
        QVERIFY(refusedWith(create(f, owner, users, 1), protocol::ErrorCode::LimitExceeded));
        QVERIFY(valueOr(f.domain->chats.chats(owner)).isEmpty()); // nothing was written

        EXPECT_VALUE(full, create(f, owner, first199, 2));
        QCOMPARE(full.chat.memberIds.size(), protocol::kMaxGroupMembers);
        const qint64 ownerPts = valueOr(f.domain->updates.currentPts(owner));
        QVERIFY(refusedWith(add(f, owner, full.chat.id, {users.last()}),
                            protocol::ErrorCode::LimitExceeded));
        QCOMPARE(valueOr(f.domain->updates.currentPts(owner)), ownerPts);
        QVERIFY(failedWith(f.domain->messages.history(users.last(), full.chat.id, 0, 1),
                           StoreError::NotFound));
    }

    void anOwnerWhoLeavesHandsTheGroupToTheFirstAdmin() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 chat = valueOr(create(f, alice, {bob, carol})).chat.id;
        QVERIFY(!valueOr(setRole(f, alice, chat, carol, GroupRole::Admin)).refused);
        EXPECT_VALUE(left, leave(f, alice, chat));
        QCOMPARE(left.chat.ownerId, carol); // the admin, though bob joined as early
        QCOMPARE(left.chat.memberIds, (QList<qint64>{bob, carol}));
        QCOMPARE(kindsFor(left, alice), (QStringList{"chatChanged", "newMessage"}));
        QCOMPARE(left.callerPts, valueOr(f.domain->updates.currentPts(alice)));
        QCOMPARE(lastAction(f, bob, chat),
                 (protocol::MessageAction{ActionKind::MemberLeft, {}, {}}));

        // With no admin left, the member who joined first inherits it.
        EXPECT_VALUE(again, leave(f, carol, chat));
        QCOMPARE(again.chat.ownerId, bob);
    }

    void aRenameIsAServiceMessageAndEverythingSurvivesAReopen() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 chat = valueOr(create(f, alice, {bob})).chat.id;
        EXPECT_VALUE(renamed, rename(f, alice, chat, "  Trip to Lisbon "));
        QCOMPARE(renamed.chat.title, QStringLiteral("Trip to Lisbon"));
        QVERIFY(valueOr(rename(f, alice, chat, "Trip to Lisbon")).updates.isEmpty());
        QVERIFY(!valueOr(setRole(f, alice, chat, bob, GroupRole::Admin)).refused);

        f.close();
        f.reopen();
        QVERIFY2(f.store, qPrintable(f.error));
        EXPECT_VALUE(chats, f.domain->chats.chats(bob));
        QCOMPARE(chats.size(), 1);
        QCOMPARE(chats.first().chat.title, QStringLiteral("Trip to Lisbon"));
        QCOMPARE(chats.first().chat.ownerId, alice);
        QCOMPARE(chats.first().chat.adminIds, QList<qint64>{bob});
        QCOMPARE(chats.first().lastMessage->action,
                 (protocol::MessageAction{ActionKind::TitleChanged, {}, "Trip to Lisbon"}));
    }
};

QTEST_GUILESS_MAIN(TestDomainGroups)
#include "tst_domain_groups.moc"
