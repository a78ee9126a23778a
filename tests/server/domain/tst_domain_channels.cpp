// The channel rules of server/domain/channels.* over the real SQLite store: who may post and
// manage (typed refusals, nothing written), a post writing the same rows for 10 subscribers as
// for 10,000 (counted in the database file itself and by the store's own counter), nothing in
// the subscribers' own logs per post, a subscriber 1,000 posts behind catching up through the
// channel's own log in pages (the newest page from memory), and search finding a public channel
// by name and description and never a private one.
#include "protocol/api/channels.h"
#include "tests/server/domain/channel_fixture.h"

#include <atomic>

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::ErrorCode;
using protocol::api::ChannelRole;
using server::domain::ChannelChange;
using server::domain::ChannelPost;

namespace {

bool refusedWith(const StoreResult<ChannelChange> &r, ErrorCode code) {
    return r.index() == 0 && std::get<0>(r).refused && std::get<0>(r).refused->code == code;
}
bool postRefusedWith(const StoreResult<ChannelPost> &r, ErrorCode code) {
    return r.index() == 0 && std::get<0>(r).refused && std::get<0>(r).refused->code == code;
}

} // namespace

class TestDomainChannels : public QObject {
    Q_OBJECT

    using Call = std::function<void(server::domain::Channels &, server::domain::Channels::Done)>;
    StoreResult<ChannelChange> run(Fixture &f, const Call &call) {
        return await<ChannelChange>([&](auto done) { call(f.domain->channels, done); });
    }
    qint64 create(Fixture &f, qint64 owner, const QString &title, const QString &name,
                  const QString &about = {}) {
        const auto r = run(f, [&](auto &c, auto done) {
            c.create(owner, ++f.nextRandomId, title, about, name, ++f.clock, done);
        });
        return r.index() == 0 && !std::get<0>(r).refused ? std::get<0>(r).channel.id : 0;
    }
    StoreResult<ChannelPost> post(Fixture &f, qint64 poster, qint64 channel,
                                  const QString &text = QStringLiteral("news")) {
        return await<ChannelPost>([&](auto done) {
            f.domain->channels.post(poster, channel, ++f.nextRandomId, text, ++f.clock, done);
        });
    }

private slots:
    void onlyTheOwnerAndAdminsPostAndManage() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 channel = create(f, alice, QStringLiteral("Daily"), QStringLiteral("daily"));
        QVERIFY(channel > 0);
        EXPECT_VALUE(joined, run(f, [&](auto &c, auto done) {
                         c.subscribe(bob, channel, ++f.clock, done);
                     }));
        QCOMPARE(joined.channel.role, std::optional<ChannelRole>(ChannelRole::Subscriber));
        QCOMPARE(joined.channel.subscriberCount, 2);

        // A subscriber may not post, promote or edit; nothing is written.
        const qint64 ptsBefore = valueOr(f.domain->channels.get(alice, channel)).pts;
        QVERIFY(postRefusedWith(post(f, bob, channel), ErrorCode::Forbidden));
        QVERIFY(refusedWith(
            run(f, [&](auto &c,
                       auto done) { c.setRole(bob, channel, bob, ChannelRole::Admin, done); }),
            ErrorCode::Forbidden));
        QVERIFY(refusedWith(
            run(f, [&](auto &c,
                       auto done) { c.edit(bob, channel, QStringLiteral("Bob's"), {}, done); }),
            ErrorCode::Forbidden));
        // Nor may a stranger to the channel post.
        QVERIFY(postRefusedWith(post(f, carol, channel), ErrorCode::Forbidden));
        QCOMPARE(valueOr(f.domain->channels.get(alice, channel)).pts, ptsBefore);

        // The owner makes bob an admin (logged in the channel); then bob posts. An admin cannot
        // name further admins.
        EXPECT_VALUE(promoted, run(f, [&](auto &c, auto done) {
                         c.setRole(alice, channel, bob, ChannelRole::Admin, done);
                     }));
        QCOMPARE(promoted.channel.adminIds, QList<qint64>{bob});
        QCOMPARE(promoted.channelUpdates.size(), 1);
        EXPECT_VALUE(posted, post(f, bob, channel));
        QVERIFY(!posted.refused);
        QCOMPARE(posted.channelPts, ptsBefore + 2);
        QVERIFY(refusedWith(
            run(f, [&](auto &c,
                       auto done) { c.setRole(bob, channel, carol, ChannelRole::Admin, done); }),
            ErrorCode::Forbidden));
        // The owner cannot leave; a retry of a post is a duplicate that writes nothing.
        QVERIFY(
            refusedWith(run(f, [&](auto &c, auto done) { c.unsubscribe(alice, channel, done); }),
                        ErrorCode::BadRequest));
        const auto again = await<ChannelPost>([&](auto done) {
            f.domain->channels.post(bob, channel, f.nextRandomId, QStringLiteral("news"), ++f.clock,
                                    done);
        });
        QVERIFY(again.index() == 0 && std::get<0>(again).duplicate);
        QCOMPARE(std::get<0>(again).message.id, posted.message.id);
    }

    void aPrivateChannelIsInvisibleToStrangers() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 channel = create(f, alice, QStringLiteral("Insiders"), QString());
        QVERIFY(channel > 0);
        QVERIFY(failedWith(f.domain->channels.get(carol, channel), StoreError::NotFound));
        QVERIFY(
            failedWith(f.domain->channels.difference(carol, channel, 0, 10), StoreError::NotFound));
        QVERIFY(failedWith(
            run(f, [&](auto &c, auto done) { c.subscribe(carol, channel, ++f.clock, done); }),
            StoreError::NotFound));
        EXPECT_VALUE(added, run(f, [&](auto &c, auto done) {
                         c.addSubscribers(alice, channel, {bob, bob}, ++f.clock, done);
                     }));
        QCOMPARE(added.joined, QList<qint64>{bob});
        QCOMPARE(valueOr(f.domain->channels.get(bob, channel)).subscriberCount, 2);
    }

    void aPostWritesTheSameRowsForTenAndTenThousandSubscribers() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 small = create(f, alice, QStringLiteral("Small"), QStringLiteral("small"));
        const qint64 big = create(f, alice, QStringLiteral("Big"), QStringLiteral("big"));
        QVERIFY(small > 0 && big > 0);
        QVERIFY(addSubscribersDirectly(f, small, 9, QStringLiteral("s")));
        QVERIFY(addSubscribersDirectly(f, big, 9'999, QStringLiteral("b")));
        QCOMPARE(valueOr(f.domain->channels.get(alice, small)).subscriberCount, 10);
        QCOMPARE(valueOr(f.domain->channels.get(alice, big)).subscriberCount, 10'000);
        const qint64 alicePts = logPts(*f.domain, alice).size();

        struct Cost {
            qint64 rowsAdded = 0;   // rows in the file afterwards less before
            qint64 rowsChanged = 0; // the store's own count of rows written by the post's unit
        };
        auto costOf = [&](qint64 channel) {
            const qint64 before = rowsInDatabase(f.dir.path());
            const auto posted = post(f, alice, channel);
            Cost cost;
            cost.rowsAdded = rowsInDatabase(f.dir.path()) - before;
            cost.rowsChanged = posted.index() == 0 ? std::get<0>(posted).rowsWritten : -1;
            return cost;
        };
        const Cost ten = costOf(small);
        const Cost tenThousand = costOf(big);
        // One message row and one entry of the channel's log...
        QCOMPARE(ten.rowsAdded, 2);
        QCOMPARE(tenThousand.rowsAdded, 2);
        // ...plus the channel's log state, updated in place. (The message id sequence comes
        // from the writer's memory and is written once per batch, outside the post's unit:
        // store/writer_memory.h.)
        QCOMPARE(ten.rowsChanged, 3);
        QCOMPARE(tenThousand.rowsChanged, 3);
        // Nobody's own log got a row for either post.
        QCOMPARE(qint64(logPts(*f.domain, alice).size()), alicePts);
    }

    void aSubscriberThousandPostsBehindCatchesUpInPages() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 channel = create(f, alice, QStringLiteral("Feed"), QStringLiteral("feed"));
        QVERIFY(channel > 0);
        EXPECT_VALUE(joined, run(f, [&](auto &c, auto done) {
                         c.subscribe(bob, channel, ++f.clock, done);
                     }));
        const qint64 bobSince = joined.channel.pts; // 1: the service message
        const qint64 bobLog = logPts(*f.domain, bob).size();

        // 1,000 posts queued at once (they share group commits); the last answer means all ran.
        static constexpr int kPosts = 1000;
        std::atomic<int> answered{0};
        EXPECT_VALUE(last, await<ChannelPost>([&](auto done) {
                         for (int i = 1; i <= kPosts; ++i) {
                             f.domain->channels.post(
                                 alice, channel, ++f.nextRandomId, QStringLiteral("post %1").arg(i),
                                 ++f.clock, [&answered, done, i](StoreResult<ChannelPost> r) {
                                     ++answered;
                                     if (i == kPosts)
                                         done(std::move(r));
                                 });
                         }
                     }));
        QCOMPARE(answered.load(), kPosts);
        QCOMPARE(last.channelPts, bobSince + kPosts);
        QCOMPARE(qint64(logPts(*f.domain, bob).size()), bobLog); // nothing per post

        // Bob pages through the channel's own log, 100 entries at most per page.
        const auto statsBefore = f.domain->channels.cache().stats();
        QCOMPARE(statsBefore.entries, 100); // the newest page of this channel, in memory
        qint64 pts = bobSince;
        int pages = 0;
        QStringList texts;
        for (bool final = false; !final; ++pages) {
            EXPECT_VALUE(page, f.domain->channels.difference(bob, channel, pts, 100));
            QVERIFY(!page.tooLong);
            QVERIFY(page.updates.size() <= 100);
            for (const auto &logged : page.updates) {
                QCOMPARE(logged.pts, pts + 1); // contiguous, in order
                pts = logged.pts;
                texts.append(std::get<protocol::NewMessageUpdate>(logged.update).message.text);
            }
            QCOMPARE(page.pts, pts);
            final = page.final;
            QVERIFY(pages < 20);
        }
        QCOMPARE(pages, 10);
        QCOMPARE(texts.size(), kPosts);
        QCOMPARE(texts.first(), QStringLiteral("post 1"));
        QCOMPARE(texts.last(), QStringLiteral("post 1000"));
        // The first nine pages came from the store; the newest one from memory.
        const auto statsAfter = f.domain->channels.cache().stats();
        QCOMPARE(statsAfter.hits - statsBefore.hits, 1);
        QCOMPARE(statsAfter.misses - statsBefore.misses, 9);

        // Past the end: nothing, final. Ahead of the channel: reload.
        EXPECT_VALUE(tail, f.domain->channels.difference(bob, channel, pts, 100));
        QVERIFY(tail.updates.isEmpty() && tail.final && !tail.tooLong);
        EXPECT_VALUE(ahead, f.domain->channels.difference(bob, channel, pts + 5, 100));
        QVERIFY(ahead.tooLong);
    }

    void searchFindsPublicChannelsByNameAndDescriptionOnly() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        QVERIFY(create(f, alice, QStringLiteral("Rust weekly"), QStringLiteral("rustweekly"),
                       QStringLiteral("Systems programming digest, every Ärger explained")) > 0);
        QVERIFY(create(f, alice, QStringLiteral("Rust insiders"), QString(),
                       QStringLiteral("private systems talk")) > 0);
        auto titles = [&](const QString &query) {
            QStringList found;
            for (const auto &c : valueOr(f.domain->channels.search(alice, query, 50)))
                found.append(c.title);
            return found;
        };
        QCOMPARE(titles(QStringLiteral("rust")), QStringList{QStringLiteral("Rust weekly")});
        QCOMPARE(titles(QStringLiteral("SYSTEMS")), QStringList{QStringLiteral("Rust weekly")});
        QCOMPARE(titles(QStringLiteral("ärger")), QStringList{QStringLiteral("Rust weekly")});
        QCOMPARE(titles(QStringLiteral("weekly")), QStringList{QStringLiteral("Rust weekly")});
        QVERIFY(titles(QStringLiteral("insiders")).isEmpty());
        QVERIFY(titles(QStringLiteral("private")).isEmpty());
        // A second public channel cannot take the name in any case.
        const auto taken = run(f, [&](auto &c, auto done) {
            c.create(alice, ++f.nextRandomId, QStringLiteral("Copy"), {},
                     QStringLiteral("rustweekly"), ++f.clock, done);
        });
        QVERIFY(refusedWith(taken, ErrorCode::UsernameTaken));
    }

    void anUnsubscribedUserLeavesTheTopicsListAndItsLogSaysSo() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob");
        const qint64 channel = create(f, alice, QStringLiteral("Feed"), QStringLiteral("feed"));
        QVERIFY(channel > 0);
        QVERIFY(run(f, [&](auto &c, auto done) {
                    c.subscribe(bob, channel, ++f.clock, done);
                }).index() == 0);
        auto topics = [&](qint64 user) {
            return valueOr(await<QList<qint64>>(
                [&](auto done) { f.domain->channels.subscriptionsInOrder(user, done); }));
        };
        QCOMPARE(topics(bob), QList<qint64>{channel});
        EXPECT_VALUE(left, run(f, [&](auto &c, auto done) { c.unsubscribe(bob, channel, done); }));
        QCOMPARE(left.left, QList<qint64>{bob});
        QVERIFY(!left.channel.role);
        QVERIFY(topics(bob).isEmpty());
        QCOMPARE(topics(alice), QList<qint64>{channel});
        // Bob's own log: subscribed, then unsubscribed; nothing else.
        const auto log = valueOr(f.domain->updates.difference(bob, 0, 100)).updates;
        QCOMPARE(log.size(), 2);
        QVERIFY(holds<protocol::ChannelSubscriptionUpdate>(log.at(0)));
        QVERIFY(!std::get<protocol::ChannelSubscriptionUpdate>(log.at(1).update).channel.role);
    }
};

QTEST_GUILESS_MAIN(TestDomainChannels)
#include "tst_domain_channels.moc"
