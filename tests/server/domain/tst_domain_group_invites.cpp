// Group invite links (server/domain/group_invites.*, docs/protocol.md §20) and the read list of
// a message in a small group (server/domain/read_list.*, §21) over the real SQLite store: only
// managers export, a new export kills the old token, revoked and unknown tokens answer alike,
// joining by link is addMembers of the joiner (once; limits and blocks hold), and the sender
// sees each member go from sent to delivered to read with the time it happened.
#include "protocol/limits.h"
#include "server/domain/units.h"
#include "tests/server/domain/domain_fixture.h"

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::api::InvitePreview;
using protocol::api::ReaderState;
using server::domain::GroupChange;
using server::domain::InviteChange;
using server::domain::ReadersAnswer;

class TestDomainGroupInvites : public QObject {
    Q_OBJECT

    static StoreResult<GroupChange> create(Fixture &f, qint64 owner, const QList<qint64> &others) {
        return await<GroupChange>([&](auto done) {
            f.domain->groups.create(owner, ++f.nextRandomId, "Club", others, ++f.clock, done);
        });
    }
    static StoreResult<InviteChange> exportInvite(Fixture &f, qint64 caller, qint64 chat) {
        return await<InviteChange>(
            [&](auto done) { f.domain->groupInvites.exportInvite(caller, chat, ++f.clock, done); });
    }
    static StoreResult<InviteChange> revoke(Fixture &f, qint64 caller, qint64 chat) {
        return await<InviteChange>(
            [&](auto done) { f.domain->groupInvites.revokeInvite(caller, chat, done); });
    }
    static StoreResult<GroupChange> join(Fixture &f, qint64 caller, const QString &token) {
        return await<GroupChange>([&](auto done) {
            f.domain->groupInvites.joinByInvite(caller, token, ++f.clock, done);
        });
    }
    static QList<std::pair<qint64, ReaderState>> states(const ReadersAnswer &answer) {
        QList<std::pair<qint64, ReaderState>> out;
        for (const auto &r : answer.readers)
            out.append({r.userId, r.state});
        return out;
    }

private slots:
    void onlyManagersExportAndANewExportKillsTheOldToken() {
        Fixture f;
        QVERIFY2(f.store, qPrintable(f.error));
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol"),
                     dave = f.userId("dave");
        const qint64 chat = valueOr(create(f, alice, {bob})).chat.id;

        EXPECT_VALUE(byMember, exportInvite(f, bob, chat));
        QVERIFY(byMember.refused && byMember.refused->code == protocol::ErrorCode::Forbidden);
        QVERIFY(failedWith(exportInvite(f, dave, chat), StoreError::NotFound));

        EXPECT_VALUE(first, exportInvite(f, alice, chat));
        QVERIFY(!first.refused);
        QCOMPARE(first.token.size(), 43); // 32 random bytes, base64url without padding
        EXPECT_VALUE(preview, f.domain->groupInvites.checkInvite(carol, first.token));
        QCOMPARE(preview, (InvitePreview{"Club", 2, false, 0}));
        EXPECT_VALUE(asMember, f.domain->groupInvites.checkInvite(bob, first.token));
        QCOMPARE(asMember, (InvitePreview{"Club", 2, true, chat}));

        EXPECT_VALUE(second, exportInvite(f, alice, chat));
        QVERIFY(second.token != first.token);
        // The old token, a revoked one and one never issued answer alike.
        QVERIFY(failedWith(f.domain->groupInvites.checkInvite(carol, first.token),
                           StoreError::NotFound));
        QVERIFY(failedWith(join(f, carol, first.token), StoreError::NotFound));
        EXPECT_VALUE(revoked, revoke(f, alice, chat));
        QVERIFY(revoked.revoked);
        QVERIFY(failedWith(f.domain->groupInvites.checkInvite(carol, second.token),
                           StoreError::NotFound));
        QVERIFY(failedWith(f.domain->groupInvites.checkInvite(carol, QString(43, 'A')),
                           StoreError::NotFound));
        EXPECT_VALUE(again, revoke(f, alice, chat));
        QVERIFY(!again.revoked);
        QCOMPARE(valueOr(f.domain->chats.chats(carol)).size(), 0);
    }

    void joiningByLinkIsAddingTheJoinerOnce() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 chat = valueOr(create(f, alice, {bob})).chat.id;
        const QString token = valueOr(exportInvite(f, alice, chat)).token;

        EXPECT_VALUE(joined, join(f, carol, token));
        QVERIFY(!joined.refused);
        QCOMPARE(joined.chat.memberIds, (QList<qint64>{alice, bob, carol}));
        // newChat to the joiner, chatChanged to the others, and the service message to all.
        QCOMPARE(joined.updates.size(), 6);
        for (const UserUpdate &u : joined.updates) {
            if (u.userId == carol && !holds<protocol::NewMessageUpdate>(u.logged))
                QVERIFY(holds<protocol::NewChatUpdate>(u.logged));
        }
        const auto page = valueOr(f.domain->messages.history(carol, chat, 0, 1));
        QCOMPARE(page.messages.last().senderId, carol);
        QCOMPARE(page.messages.last().action,
                 (protocol::MessageAction{protocol::ActionKind::MembersAdded, {carol}, {}}));

        // A retry writes nothing.
        const QList<qint64> before = logPts(*f.domain, alice);
        EXPECT_VALUE(retried, join(f, carol, token));
        QVERIFY(retried.updates.isEmpty());
        QCOMPARE(retried.chat.memberIds, joined.chat.memberIds);
        QCOMPARE(logPts(*f.domain, alice), before);
    }

    void aDemotedExportersLinkIsDeadAndBlocksHold() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol"),
                     dave = f.userId("dave");
        const qint64 chat = valueOr(create(f, alice, {bob})).chat.id;
        QVERIFY(!valueOr(await<GroupChange>([&](auto done) {
                     f.domain->groups.setRole(alice, chat, bob, protocol::api::GroupRole::Admin,
                                              done);
                 })).refused);
        const QString bobs = valueOr(exportInvite(f, bob, chat)).token;
        QVERIFY(!bobs.isEmpty());
        QVERIFY(!valueOr(f.domain->groupInvites.checkInvite(carol, bobs)).title.isEmpty());
        QVERIFY(!valueOr(await<GroupChange>([&](auto done) {
                     f.domain->groups.setRole(alice, chat, bob, protocol::api::GroupRole::Member,
                                              done);
                 })).refused);
        QVERIFY(failedWith(join(f, carol, bobs), StoreError::NotFound));

        // A user who blocked the exporter (or was blocked by them) cannot join by their link.
        const QString alices = valueOr(exportInvite(f, alice, chat)).token;
        QVERIFY(!valueOr(await<server::domain::BlockChange>([&](auto done) {
                     f.domain->contacts.setBlocked(dave, alice, true, ++f.clock, done);
                 })).refused);
        EXPECT_VALUE(blocked, join(f, dave, alices));
        QVERIFY(blocked.refused && blocked.refused->code == protocol::ErrorCode::UserBlocked);
        QVERIFY(blocked.updates.isEmpty());
    }

    void aFullGroupRefusesAJoin() {
        Fixture f;
        const qint64 owner = f.userId("owner");
        QList<qint64> others;
        for (int i = 1; i < protocol::kMaxGroupMembers; ++i)
            others.append(f.userId(QStringLiteral("user%1").arg(i)));
        const qint64 chat = valueOr(create(f, owner, others)).chat.id;
        const QString token = valueOr(exportInvite(f, owner, chat)).token;
        const qint64 late = f.userId("late");
        EXPECT_VALUE(full, join(f, late, token));
        QVERIFY(full.refused && full.refused->code == protocol::ErrorCode::LimitExceeded);
        // And that group is too big for a read list.
        const qint64 message = f.messageId(owner, chat);
        EXPECT_VALUE(list, f.domain->readList.readers(owner, chat, message));
        QVERIFY(list.refused && list.refused->code == protocol::ErrorCode::LimitExceeded);
    }

    void theSenderSeesEachMemberGoFromSentToDeliveredToRead() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol"),
                     dave = f.userId("dave");
        const qint64 chat = valueOr(create(f, alice, {bob, carol})).chat.id;
        const qint64 m1 = f.messageId(alice, chat);
        const qint64 m2 = f.messageId(alice, chat);

        EXPECT_VALUE(fresh, f.domain->readList.readers(alice, chat, m1));
        QCOMPARE(states(fresh), (QList<std::pair<qint64, ReaderState>>{
                                    {bob, ReaderState::Sent}, {carol, ReaderState::Sent}}));

        QVERIFY(f.markDelivered(bob, chat, m1).index() == 0);
        const qint64 bobGotIt = f.clock;
        QVERIFY(f.markDelivered(bob, chat, m2).index() == 0);
        QVERIFY(f.markRead(carol, chat, m2).index() == 0);
        const qint64 carolReadIt = f.clock;
        EXPECT_VALUE(after, f.domain->readList.readers(alice, chat, m1));
        QCOMPARE(states(after), (QList<std::pair<qint64, ReaderState>>{
                                    {bob, ReaderState::Delivered}, {carol, ReaderState::Read}}));
        // The time a position first reached the message, not its latest move.
        QCOMPARE(after.readers.at(0).at, bobGotIt);
        QCOMPARE(after.readers.at(1).at, carolReadIt);

        // Only the sender may ask; a stranger learns nothing; a private chat has no read list.
        EXPECT_VALUE(notSender, f.domain->readList.readers(bob, chat, m1));
        QVERIFY(notSender.refused && notSender.refused->code == protocol::ErrorCode::Forbidden);
        QVERIFY(failedWith(f.domain->readList.readers(dave, chat, m1), StoreError::NotFound));
        QVERIFY(
            failedWith(f.domain->readList.readers(alice, chat, m2 + 100), StoreError::NotFound));
        const qint64 direct = f.chatId(alice, bob);
        const qint64 privateMessage = f.messageId(alice, direct);
        EXPECT_VALUE(inPrivate, f.domain->readList.readers(alice, direct, privateMessage));
        QVERIFY(inPrivate.refused && inPrivate.refused->code == protocol::ErrorCode::BadRequest);
    }

    void aReadWritesTheSameRowsHoweverManyMessagesItCovers() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 chat = valueOr(create(f, alice, {bob, carol})).chat.id;
        // The writer connection's running count of changed rows, read in a unit of its own.
        auto rowsSoFar = [&f]() {
            return valueOr(await<qint64>([&](auto done) {
                server::domain::writeUnit<qint64>(
                    *f.store,
                    [](RecordWriter &records) -> StoreResult<qint64> {
                        return records.rowsChanged();
                    },
                    done);
            }));
        };
        auto rowsOfRead = [&](qint64 reader, int messages) {
            qint64 last = 0;
            for (int i = 0; i < messages; ++i)
                last = f.messageId(alice, chat);
            const qint64 before = rowsSoFar();
            if (f.markRead(reader, chat, last).index() != 0)
                return qint64(-1);
            return rowsSoFar() - before;
        };
        const qint64 one = rowsOfRead(bob, 1);
        QVERIFY(one > 0);
        QCOMPARE(rowsOfRead(carol, 50),
                 one); // the position, a mark, the log entries: no per message
    }

    void readMarksStayBoundedPerMember() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 chat = valueOr(create(f, alice, {bob})).chat.id;
        QList<qint64> ids;
        for (int i = 0; i < server::domain::kReadMarksKept + 10; ++i) {
            ids.append(f.messageId(alice, chat));
            QVERIFY(f.markRead(bob, chat, ids.last()).index() == 0);
        }
        // 74 moves, 64 marks kept: the ten oldest went. Their messages still show as read, the
        // time is no longer known; the oldest kept mark still gives its own.
        const qint64 firstKept = ids.at(ids.size() - server::domain::kReadMarksKept);
        const qint64 lastDropped = ids.at(ids.size() - server::domain::kReadMarksKept - 1);
        EXPECT_VALUE(dropped, f.domain->readList.readers(alice, chat, lastDropped));
        QCOMPARE(dropped.readers.first().state, ReaderState::Read);
        QCOMPARE(dropped.readers.first().at, 0);
        EXPECT_VALUE(kept, f.domain->readList.readers(alice, chat, firstKept));
        QCOMPARE(kept.readers.first().state, ReaderState::Read);
        QVERIFY(kept.readers.first().at > 0);
    }
};

QTEST_GUILESS_MAIN(TestDomainGroupInvites)
#include "tst_domain_group_invites.moc"
