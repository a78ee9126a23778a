// Post comments (server/domain/comments.*, docs/protocol.md §22) over the real SQLite store:
// who may comment, read and delete (typed refusals, nothing written), a resend answering the
// stored comment, paging both ways, the post's count in history and in the channel's
// difference, and a comment writing the same rows for 10 subscribers as for 1,000 and nothing
// in the channel's log or in anyone's own log.
#include "protocol/api/channels.h"
#include "tests/server/domain/channel_fixture.h"

using namespace msgr;
using namespace msgr::server;
using namespace msgr::test::domain;
using protocol::ErrorCode;
using server::domain::ChannelChange;
using server::domain::ChannelPost;
using server::domain::CommentChange;

namespace {
bool refusedWith(const StoreResult<CommentChange> &r, ErrorCode code) {
    return r.index() == 0 && std::get<0>(r).refused && std::get<0>(r).refused->code == code;
}
} // namespace

class TestDomainComments : public QObject {
    Q_OBJECT

    qint64 create(Fixture &f, qint64 owner, const QString &name) {
        const auto r = await<ChannelChange>([&](auto done) {
            f.domain->channels.create(owner, ++f.nextRandomId, QStringLiteral("T"), {}, name,
                                      ++f.clock, done);
        });
        return r.index() == 0 && !std::get<0>(r).refused ? std::get<0>(r).channel.id : 0;
    }
    bool subscribe(Fixture &f, qint64 user, qint64 channel) {
        const auto r = await<ChannelChange>(
            [&](auto done) { f.domain->channels.subscribe(user, channel, ++f.clock, done); });
        return r.index() == 0 && !std::get<0>(r).refused;
    }
    qint64 post(Fixture &f, qint64 poster, qint64 channel) {
        const auto r = await<ChannelPost>([&](auto done) {
            f.domain->channels.post(poster, channel, ++f.nextRandomId, QStringLiteral("news"),
                                    ++f.clock, done);
        });
        return r.index() == 0 && !std::get<0>(r).refused ? std::get<0>(r).message.id : 0;
    }
    StoreResult<CommentChange> comment(Fixture &f, qint64 user, qint64 channel, qint64 postId,
                                       qint64 randomId,
                                       const QString &text = QStringLiteral("hi")) {
        return await<CommentChange>([&](auto done) {
            f.domain->comments.comment(user, channel, postId, randomId, text, ++f.clock, done);
        });
    }
    StoreResult<CommentChange> remove(Fixture &f, qint64 user, qint64 channel, qint64 postId,
                                      qint64 commentId) {
        return await<CommentChange>(
            [&](auto done) { f.domain->comments.remove(user, channel, postId, commentId, done); });
    }
    qint64 countOf(Fixture &f, qint64 viewer, qint64 channel, qint64 postId) {
        for (const auto &m : valueOr(f.domain->channels.history(viewer, channel, 0, 100)).messages)
            if (m.id == postId)
                return m.commentCount;
        return -1;
    }

private slots:
    void subscribersCommentAndEveryReaderSeesTheCount() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), carol = f.userId("carol");
        const qint64 channel = create(f, alice, QStringLiteral("daily"));
        QVERIFY(channel > 0 && subscribe(f, bob, channel));
        const qint64 postId = post(f, alice, channel);
        QVERIFY(postId > 0);

        EXPECT_VALUE(first, comment(f, bob, channel, postId, 7, QStringLiteral("first!")));
        QVERIFY(!first.refused && first.changed && !first.duplicate);
        QCOMPARE(first.comment.text, QStringLiteral("first!"));
        QCOMPARE(first.comment.randomId, 7);
        QCOMPARE(first.commentCount, 1);
        QCOMPARE(first.lastCommentId, first.comment.id);

        // A resend answers the stored comment and writes nothing.
        EXPECT_VALUE(again, comment(f, bob, channel, postId, 7, QStringLiteral("other")));
        QVERIFY(again.duplicate && !again.changed);
        QCOMPARE(again.comment, first.comment);
        QCOMPARE(again.commentCount, 1);
        // The same randomId on another post is a different request.
        const qint64 otherPost = post(f, alice, channel);
        QVERIFY(refusedWith(comment(f, bob, channel, otherPost, 7), ErrorCode::BadRequest));

        // The owner comments too; a reader who is not subscribed (public channel) reads the
        // thread and the count but may not comment.
        EXPECT_VALUE(second, comment(f, alice, channel, postId, 8));
        QCOMPARE(second.commentCount, 2);
        QVERIFY(refusedWith(comment(f, carol, channel, postId, 9), ErrorCode::Forbidden));
        QCOMPARE(countOf(f, carol, channel, postId), 2);
        QCOMPARE(countOf(f, carol, channel, otherPost), 0);
        EXPECT_VALUE(page, f.domain->comments.page(carol, channel, postId, 0, 0, 50));
        QCOMPARE(page.comments.size(), 2);
        QCOMPARE(page.comments[0].randomId, 0); // only the author's own answer carries it
        QCOMPARE(page.commentCount, 2);

        // The channel's difference carries the count now, though the entry was logged at 0.
        EXPECT_VALUE(diff, f.domain->channels.difference(carol, channel, 0, 100));
        qint64 seen = -1;
        for (const auto &entry : diff.updates)
            if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&entry.update);
                m && m->message.id == postId)
                seen = m->message.commentCount;
        QCOMPARE(seen, 2);
        QCOMPARE(diff.pts, valueOr(f.domain->channels.get(alice, channel)).pts); // no new entry
    }

    void onlyTheAuthorOwnerAndAdminsDelete() {
        Fixture f;
        const qint64 alice = f.userId("alice"), bob = f.userId("bob"), dave = f.userId("dave");
        const qint64 channel = create(f, alice, QStringLiteral("daily"));
        QVERIFY(subscribe(f, bob, channel) && subscribe(f, dave, channel));
        const qint64 postId = post(f, alice, channel);
        EXPECT_VALUE(bobs, comment(f, bob, channel, postId, 1));
        EXPECT_VALUE(daves, comment(f, dave, channel, postId, 2));

        QVERIFY(
            refusedWith(remove(f, dave, channel, postId, bobs.comment.id), ErrorCode::Forbidden));
        EXPECT_VALUE(own, remove(f, bob, channel, postId, bobs.comment.id));
        QVERIFY(own.changed);
        QCOMPARE(own.commentCount, 1);
        QCOMPARE(own.lastCommentId, daves.comment.id);
        EXPECT_VALUE(retry, remove(f, bob, channel, postId, bobs.comment.id));
        QVERIFY(!retry.changed && !retry.refused);
        QCOMPARE(retry.commentCount, 1);
        EXPECT_VALUE(byOwner, remove(f, alice, channel, postId, daves.comment.id));
        QVERIFY(byOwner.changed);
        QCOMPARE(byOwner.commentCount, 0);
        QCOMPARE(byOwner.lastCommentId, 0);
        QCOMPARE(countOf(f, bob, channel, postId), 0);
    }

    void aPrivateChannelsThreadsAreInvisibleToStrangers() {
        Fixture f;
        const qint64 alice = f.userId("alice"), carol = f.userId("carol");
        const qint64 channel = create(f, alice, QString());
        const qint64 postId = post(f, alice, channel);
        QVERIFY(channel > 0 && postId > 0);
        QVERIFY(failedWith(comment(f, carol, channel, postId, 1), StoreError::NotFound));
        QVERIFY(failedWith(f.domain->comments.page(carol, channel, postId, 0, 0, 10),
                           StoreError::NotFound));
        QVERIFY(failedWith(remove(f, carol, channel, postId, 1), StoreError::NotFound));
        // A post that is not in the channel, and the service message that opens it, take none.
        QVERIFY(refusedWith(comment(f, alice, channel, postId + 1000, 2), ErrorCode::BadRequest));
        const qint64 opening =
            valueOr(f.domain->channels.history(alice, channel, 0, 10)).messages.first().id;
        QVERIFY(refusedWith(comment(f, alice, channel, opening, 3), ErrorCode::BadRequest));
        EXPECT_VALUE(none, f.domain->comments.page(alice, channel, postId + 1000, 0, 0, 10));
        QVERIFY(none.refused && none.refused->code == ErrorCode::BadRequest);
    }

    void aThreadPagesBackwardAndForward() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 channel = create(f, alice, QStringLiteral("daily"));
        const qint64 postId = post(f, alice, channel);
        QList<qint64> ids;
        for (int i = 1; i <= 25; ++i)
            ids.append(
                valueOr(comment(f, alice, channel, postId, i, QString::number(i))).comment.id);
        auto idsOf = [](const server::domain::CommentsPage &page) {
            QList<qint64> out;
            for (const auto &c : page.comments)
                out.append(c.id);
            return out;
        };
        EXPECT_VALUE(newest, f.domain->comments.page(alice, channel, postId, 0, 0, 10));
        QCOMPARE(idsOf(newest), ids.mid(15, 10));
        QVERIFY(newest.more);
        EXPECT_VALUE(older, f.domain->comments.page(alice, channel, postId, ids[15], 0, 10));
        QCOMPARE(idsOf(older), ids.mid(5, 10));
        EXPECT_VALUE(oldest, f.domain->comments.page(alice, channel, postId, ids[5], 0, 10));
        QCOMPARE(idsOf(oldest), ids.mid(0, 5));
        QVERIFY(!oldest.more);
        EXPECT_VALUE(after, f.domain->comments.page(alice, channel, postId, 0, ids[19], 10));
        QCOMPARE(idsOf(after), ids.mid(20, 5));
        QVERIFY(!after.more);
        QCOMPARE(after.commentCount, 25);
    }

    void aCommentWritesTheSameRowsForTenAndAThousandSubscribers() {
        Fixture f;
        const qint64 alice = f.userId("alice");
        const qint64 small = create(f, alice, QStringLiteral("small"));
        const qint64 big = create(f, alice, QStringLiteral("big"));
        QVERIFY(addSubscribersDirectly(f, small, 9, QStringLiteral("s")));
        QVERIFY(addSubscribersDirectly(f, big, 999, QStringLiteral("b")));
        const qint64 smallPost = post(f, alice, small), bigPost = post(f, alice, big);
        const qint64 alicePts = logPts(*f.domain, alice).size();
        const qint64 bigPts = valueOr(f.domain->channels.get(alice, big)).pts;

        struct Cost {
            qint64 rowsAdded = 0;
            qint64 rowsChanged = 0;
        };
        auto costOf = [&](qint64 channel, qint64 postId, qint64 randomId) {
            const qint64 before = rowsInDatabase(f.dir.path());
            const auto r = comment(f, alice, channel, postId, randomId);
            return Cost{rowsInDatabase(f.dir.path()) - before,
                        r.index() == 0 ? std::get<0>(r).rowsWritten : -1};
        };
        // The first comment of a post adds its thread row; every later one updates it.
        const Cost tenFirst = costOf(small, smallPost, 1), thousandFirst = costOf(big, bigPost, 2);
        const Cost ten = costOf(small, smallPost, 3), thousand = costOf(big, bigPost, 4);
        QCOMPARE(tenFirst.rowsAdded, 2);
        QCOMPARE(thousandFirst.rowsAdded, 2);
        QCOMPARE(ten.rowsAdded, 1);
        QCOMPARE(thousand.rowsAdded, 1);
        QCOMPARE(tenFirst.rowsChanged, 2);
        QCOMPARE(thousandFirst.rowsChanged, 2);
        QCOMPARE(ten.rowsChanged, 2);
        QCOMPARE(thousand.rowsChanged, 2);
        // Nothing in the channel's log, nothing in anyone's own log.
        QCOMPARE(valueOr(f.domain->channels.get(alice, big)).pts, bigPts);
        QCOMPARE(qint64(logPts(*f.domain, alice).size()), alicePts);
    }
};

QTEST_GUILESS_MAIN(TestDomainComments)
#include "tst_domain_comments.moc"
