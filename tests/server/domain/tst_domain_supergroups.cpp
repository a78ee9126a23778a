// The supergroup rules of server/domain/supergroups.* and channels.* over the real SQLite store
// (docs/protocol.md §23): the member bound of 200,000 is exact (the last seat is taken, the
// next add is LIMIT_EXCEEDED with nobody added), a member's message costs the same rows in a
// supergroup of 200,000 as in one of two, and only a supergroup lets a plain member post.
#include "protocol/api/supergroups.h"
#include "tests/server/domain/channel_fixture.h"

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::ErrorCode;
using server::domain::ChannelChange;
using server::domain::ChannelPost;

class TestDomainSupergroups : public QObject {
    Q_OBJECT

    StoreResult<ChannelChange> createSupergroup(Fixture &f, qint64 owner,
                                                const QList<qint64> &members) {
        return await<ChannelChange>([&](auto done) {
            f.domain->supergroups.create(owner, ++f.nextRandomId, QStringLiteral("Crowd"), members,
                                         QString(), ++f.clock, done);
        });
    }
    StoreResult<ChannelChange> add(Fixture &f, qint64 caller, qint64 chat,
                                   const QList<qint64> &users) {
        return await<ChannelChange>([&](auto done) {
            f.domain->channels.addSubscribers(caller, chat, users, ++f.clock, done);
        });
    }
    StoreResult<ChannelPost> send(Fixture &f, qint64 sender, qint64 chat) {
        return await<ChannelPost>([&](auto done) {
            f.domain->channels.post(sender, chat, ++f.nextRandomId, QStringLiteral("hi"), ++f.clock,
                                    done);
        });
    }

private slots:
    void theMemberBoundIsExactAndAMessageCostsTheSameRows() {
        Fixture f;
        const qint64 owner = f.userId("owner"), bob = f.userId("bob");
        const qint64 carol = f.userId("carol"), dave = f.userId("dave");
        EXPECT_VALUE(small, createSupergroup(f, owner, {bob}));
        EXPECT_VALUE(big, createSupergroup(f, owner, {carol}));
        QVERIFY(big.channel.megagroup);
        // Fill the big one to one seat short of the bound: owner, carol and these.
        const int filler = protocol::api::kMaxSupergroupMembers - 3;
        QVERIFY(addSubscribersDirectly(f, big.channel.id, filler, QStringLiteral("m")));
        QCOMPARE(valueOr(f.domain->channels.get(owner, big.channel.id)).subscriberCount,
                 protocol::api::kMaxSupergroupMembers - 1);

        // A plain member posts; the rows are the same in 2 and in 199,999 members.
        EXPECT_VALUE(inSmall, send(f, bob, small.channel.id));
        EXPECT_VALUE(inBig, send(f, carol, big.channel.id));
        // The message, its log entry and the log's state (the message id sequence is written
        // once per batch, outside the unit: store/writer_memory.h).
        QCOMPARE(inSmall.rowsWritten, 3);
        QCOMPARE(inBig.rowsWritten, inSmall.rowsWritten);

        // Two more would pass the bound: refused, nobody added; one more fills it.
        const qint64 erin = f.userId("erin");
        EXPECT_VALUE(tooMany, add(f, owner, big.channel.id, {dave, erin}));
        QVERIFY(tooMany.refused && tooMany.refused->code == ErrorCode::LimitExceeded);
        QCOMPARE(valueOr(f.domain->channels.get(owner, big.channel.id)).subscriberCount,
                 protocol::api::kMaxSupergroupMembers - 1);
        EXPECT_VALUE(last, add(f, owner, big.channel.id, {dave}));
        QVERIFY(!last.refused);
        QCOMPARE(last.channel.subscriberCount, protocol::api::kMaxSupergroupMembers);
        EXPECT_VALUE(past, add(f, owner, big.channel.id, {erin}));
        QVERIFY(past.refused && past.refused->code == ErrorCode::LimitExceeded);
    }

    void onlyASupergroupLetsAPlainMemberPost() {
        Fixture f;
        const qint64 owner = f.userId("owner"), bob = f.userId("bob");
        EXPECT_VALUE(channel, await<ChannelChange>([&](auto done) {
                         f.domain->channels.create(owner, ++f.nextRandomId, QStringLiteral("News"),
                                                   {}, {}, ++f.clock, done);
                     }));
        EXPECT_VALUE(added, add(f, owner, channel.channel.id, {bob}));
        QVERIFY(!added.refused);
        EXPECT_VALUE(refused, send(f, bob, channel.channel.id));
        QVERIFY(refused.refused && refused.refused->code == ErrorCode::Forbidden);
        EXPECT_VALUE(group, createSupergroup(f, owner, {bob}));
        EXPECT_VALUE(sent, send(f, bob, group.channel.id));
        QVERIFY(!sent.refused);
        QCOMPARE(sent.message.senderId, bob);
    }
};

QTEST_GUILESS_MAIN(TestDomainSupergroups)
#include "tst_domain_supergroups.moc"
