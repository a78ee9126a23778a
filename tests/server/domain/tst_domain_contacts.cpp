// The contact, block and profile rules of server/domain/contacts.*, profiles.* and blocking.*
// over the real SQLite store, where the clock is the test's: a denied invitation may be sent
// again exactly when its cool-off ends, the cap on pending invitations holds and frees up on a
// cancel, invitations that meet become a contact, a block ends pending invitations both ways,
// last-seen buckets change at their documented ages, and all of it survives a reopen.
#include "protocol/api/contacts.h"
#include "tests/server/domain/domain_fixture.h"

#include <future>

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::ErrorCode;
using protocol::api::ContactStatus;
using protocol::api::LastSeenBucket;
using server::domain::ContactChange;
using server::domain::Profiles;

namespace {
constexpr qint64 kDay = qint64(24) * 3600 * 1000;

bool refusedWith(const StoreResult<ContactChange> &r, ErrorCode code) {
    return r.index() == 0 && std::get<0>(r).refused && std::get<0>(r).refused->code == code;
}
ContactStatus statusOf(const StoreResult<ContactChange> &r) {
    return r.index() == 0 && !std::get<0>(r).refused ? std::get<0>(r).entry.status
                                                     : ContactStatus::None;
}
} // namespace

class TestDomainContacts : public QObject {
    Q_OBJECT

    using Call = std::function<void(server::domain::Contacts &, server::domain::Contacts::Done)>;
    StoreResult<ContactChange> run(Fixture &f, const Call &call) {
        return await<ContactChange>([&](auto done) { call(f.domain->contacts, done); });
    }
    StoreResult<ContactChange> invite(Fixture &f, qint64 caller, const QString &name, qint64 now) {
        return run(f, [&](auto &c, auto done) { c.invite(caller, name, now, done); });
    }
    StoreResult<server::domain::BlockChange> block(Fixture &f, qint64 caller, qint64 user,
                                                   bool blocked) {
        return await<server::domain::BlockChange>([&](auto done) {
            f.domain->contacts.setBlocked(caller, user, blocked, ++f.clock, done);
        });
    }

private slots:
    void aDeniedInvitationWaitsOutItsCooloff() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 t0 = f.clock + 1000;
        QCOMPARE(statusOf(invite(f, alice, "bob", t0)), ContactStatus::Outgoing);
        QCOMPARE(statusOf(run(f, [&](auto &c, auto done) { c.deny(bob, alice, t0 + 1, done); })),
                 ContactStatus::None);
        const qint64 reopensAt = t0 + 1 + protocol::api::kDeniedInviteCooloffMs;
        QVERIFY(refusedWith(invite(f, alice, "bob", reopensAt - 1), ErrorCode::LimitExceeded));
        f.reopen(); // the decision and its time are stored, not kept in memory
        QVERIFY(refusedWith(invite(f, alice, "bob", reopensAt - 1), ErrorCode::LimitExceeded));
        QCOMPARE(statusOf(invite(f, alice, "bob", reopensAt)), ContactStatus::Outgoing);
    }

    void invitationsThatMeetBecomeAContact() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        QCOMPARE(statusOf(invite(f, alice, "bob", ++f.clock)), ContactStatus::Outgoing);
        const auto met = invite(f, bob, "alice", ++f.clock);
        QCOMPARE(statusOf(met), ContactStatus::Contact);
        // Both users are told, each their own side.
        QCOMPARE(std::get<0>(met).updates.size(), 2);
        const auto page = valueOr(f.domain->contacts.list(
            alice, protocol::api::ContactFilter::Contacts, 0, 10, ++f.clock));
        QCOMPARE(page.entries.size(), 1);
        QCOMPARE(page.entries.first().profile.user.id, bob);
        QVERIFY(valueOr(f.domain->contacts.list(bob, protocol::api::ContactFilter::Incoming, 0, 10,
                                                ++f.clock))
                    .entries.isEmpty());
    }

    void thePendingCapHoldsAndACancelFreesASlot() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        QList<qint64> others;
        for (int i = 0; i <= protocol::api::kMaxOutgoingInvites; ++i)
            others.append(f.userId(QStringLiteral("user%1").arg(i)));
        for (int i = 0; i < protocol::api::kMaxOutgoingInvites; ++i)
            QCOMPARE(statusOf(invite(f, alice, QStringLiteral("user%1").arg(i), ++f.clock)),
                     ContactStatus::Outgoing);
        const QString last = QStringLiteral("user%1").arg(protocol::api::kMaxOutgoingInvites);
        QVERIFY(refusedWith(invite(f, alice, last, ++f.clock), ErrorCode::LimitExceeded));
        QCOMPARE(
            statusOf(run(
                f, [&](auto &c, auto done) { c.cancel(alice, others.first(), ++f.clock, done); })),
            ContactStatus::None);
        QCOMPARE(statusOf(invite(f, alice, last, ++f.clock)), ContactStatus::Outgoing);
        // The cancelled one may not be sent again within the hour.
        QVERIFY(refusedWith(invite(f, alice, "user0", ++f.clock), ErrorCode::LimitExceeded));
    }

    void aBlockEndsPendingInvitationsAndRefusesNewOnes() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        QCOMPARE(statusOf(invite(f, bob, "alice", ++f.clock)), ContactStatus::Outgoing);
        const auto blocked = block(f, alice, bob, true);
        QVERIFY(blocked.index() == 0 && !std::get<0>(blocked).refused);
        // Alice hears blockedChanged and contactChanged; bob only contactChanged (denied).
        QCOMPARE(std::get<0>(blocked).updates.size(), 3);
        const auto bobSees = Contacts(f, bob, alice);
        QCOMPARE(bobSees.status, ContactStatus::Denied);
        QVERIFY(refusedWith(invite(f, alice, "bob", ++f.clock), ErrorCode::UserBlocked));
        // Blocking twice changes nothing; oneself cannot be blocked.
        QVERIFY(std::get<0>(block(f, alice, bob, true)).updates.isEmpty());
        QVERIFY(std::get<0>(block(f, alice, alice, true)).refused);
        QVERIFY(std::get<0>(block(f, alice, bob, false)).updates.size() == 1);
        QCOMPARE(statusOf(invite(f, alice, "bob", ++f.clock)), ContactStatus::Outgoing);
    }

    // The store's writer remembers who blocked whom and who is in a chat (writer_memory.h):
    // a block, an unblock, a block rolled back with its unit and a member who left must each
    // count for the very next message, never the remembered answer.
    void blockingTakesEffectForTheNextPrivateMessage() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 chat = f.chatId(alice, bob);
        auto refusal = [](const StoreResult<AppendedMessage> &r) {
            return r.index() == 0 && std::get<0>(r).refusal ? std::get<0>(r).refusal->code
                                                            : ErrorCode::Internal;
        };
        // Both directions asked and remembered as "not blocked".
        EXPECT_VALUE(first, f.send(alice, chat, 1));
        QVERIFY(!first.refusal);
        EXPECT_VALUE(answer, f.send(bob, chat, 2));
        QVERIFY(!answer.refusal);

        QVERIFY(block(f, bob, alice, true).index() == 0);
        QCOMPARE(refusal(f.send(alice, chat, 3)), ErrorCode::UserBlocked);
        QCOMPARE(refusal(f.send(bob, chat, 4)), ErrorCode::UserBlocked); // their own block
        QVERIFY(block(f, bob, alice, false).index() == 0);
        EXPECT_VALUE(after, f.send(alice, chat, 5));
        QVERIFY(!after.refusal);
        QVERIFY(after.message.id > 0);

        // A block written by a unit that then fails is rolled back: it must not be remembered.
        std::promise<bool> rolledBack;
        bool seenInside = false;
        f.store->write(
            [&](RecordWriter &records) {
                records.insertBlock(bob, alice, ++f.clock);
                seenInside = records.isBlocked(bob, alice); // now remembered as blocked
                return false;
            },
            [&](bool committed) { rolledBack.set_value(committed); });
        QVERIFY(rolledBack.get_future().get()); // the batch committed, without that unit
        QVERIFY(seenInside);
        EXPECT_VALUE(stillAllowed, f.send(alice, chat, 6));
        QVERIFY(!stillAllowed.refusal);
        QVERIFY(stillAllowed.message.id > after.message.id);
    }

    void lastSeenBucketsChangeAtTheirAges() {
        QCOMPARE(Profiles::bucketFor(-5), LastSeenBucket::Recently);
        QCOMPARE(Profiles::bucketFor(3 * kDay), LastSeenBucket::Recently);
        QCOMPARE(Profiles::bucketFor(3 * kDay + 1), LastSeenBucket::LastWeek);
        QCOMPARE(Profiles::bucketFor(7 * kDay), LastSeenBucket::LastWeek);
        QCOMPARE(Profiles::bucketFor(7 * kDay + 1), LastSeenBucket::LastMonth);
        QCOMPARE(Profiles::bucketFor(30 * kDay), LastSeenBucket::LastMonth);
        QCOMPARE(Profiles::bucketFor(30 * kDay + 1), LastSeenBucket::LongAgo);

        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 signedUp = f.clock - 1; // bob's sign-up time: he has no device
        auto seen = [&](qint64 now) {
            return valueOr(f.domain->profiles.profiles(alice, {bob}, now)).value(0);
        };
        QCOMPARE(seen(f.clock).lastSeenAt, std::optional<qint64>(signedUp + 1));
        await<server::domain::ProfileChange>([&](auto done) {
            f.domain->profiles.setLastSeenPrivacy(bob, protocol::api::LastSeenPrivacy::Nobody,
                                                  ++f.clock, done);
        });
        QCOMPARE(seen(signedUp + 1 + 5 * kDay).lastSeen, LastSeenBucket::LastWeek);
        QVERIFY(!seen(signedUp + 1 + 5 * kDay).lastSeenAt);
    }

private:
    static protocol::api::ContactEntry Contacts(Fixture &f, qint64 viewer, qint64 peer) {
        protocol::api::ContactEntry entry;
        f.store->read([&](RecordReader &records) {
            entry = server::domain::Contacts::entryFor(records, viewer, peer, f.clock)
                        .value_or(protocol::api::ContactEntry{});
        });
        return entry;
    }
};

QTEST_GUILESS_MAIN(TestDomainContacts)
#include "tst_domain_contacts.moc"
