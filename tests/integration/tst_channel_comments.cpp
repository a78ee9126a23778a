// Comments on channel posts through the real server (docs/protocol.md §22): a subscriber's
// comment answers the post's new count and reaches the channel's open connections as an
// unlogged postComments push (not an outsider's); a resend answers the stored comment; every
// reader sees the count in channels.history and channels.getDifference; a non-subscriber of a
// public channel reads but may not comment, an outsider of a private one gets NOT_FOUND; only
// the author, owner and admins delete, and a deleted comment's randomId stays taken; a thread pages
// both ways; a comment writes as many rows in a crowded channel as in an empty one (/metrics);
// malformed requests get typed errors.
#include "protocol/api/api.h"
#include "protocol/api/comments.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The postComments pushes among `frames` (never with an account pts).
QList<protocol::PostCommentsPush> countPushes(const QList<protocol::UpdateFrame> &frames) {
    QList<protocol::PostCommentsPush> out;
    for (const auto &frame : updatesOfType(frames, L("postComments"))) {
        if (frame.pts != 0)
            continue;
        if (auto push = protocol::PostCommentsPush::fromCbor(frame.update))
            out.append(*push);
    }
    return out;
}

qint64 countIn(const QList<protocol::Message> &messages, qint64 postId) {
    for (const auto &m : messages)
        if (m.id == postId)
            return m.commentCount;
    return -1;
}

QList<qint64> idsOf(const api::CommentsResult &page) {
    QList<qint64> ids;
    for (const auto &c : page.comments)
        ids.append(c.id);
    return ids;
}
} // namespace

class TstChannelComments : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void aCommentIsCountedAndPushedToTheChannelOnly();
    void readersSeeTheCountInHistoryAndDifference();
    void whoMayCommentReadAndDelete();
    void aThreadPagesBothWays();
    void aPageIsCutToTheFrameCap();
    void aCommentWritesAsManyRowsInACrowdedChannelAsInAnEmptyOne();
    void malformedRequestsGetTypedErrors();

private:
    std::unique_ptr<TestClient> user(const QString &name);
    //! (comments, rows) of /metrics' comment counters.
    std::pair<qint64, qint64> commentCounters();

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_channel = 0, m_post = 0;
};

std::unique_ptr<TestClient> TstChannelComments::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword).isEmpty() ? nullptr : std::move(client);
}

std::pair<qint64, qint64> TstChannelComments::commentCounters() {
    QNetworkAccessManager nam;
    QUrl url = m_server.httpUrl();
    url.setPath(QStringLiteral("/metrics"));
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10'000))
        return {-1, -1};
    const QString text = QString::fromUtf8(reply->readAll());
    auto value = [&text](const char *name) {
        const QRegularExpression line(QStringLiteral("^%1 (\\d+)$").arg(QLatin1String(name)),
                                      QRegularExpression::MultilineOption);
        const auto match = line.match(text);
        return match.hasMatch() ? match.captured(1).toLongLong() : -1;
    };
    return {value("msgr_channel_comments_total"), value("msgr_channel_comment_rows_total")};
}

void TstChannelComments::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    QVERIFY(m_alice && m_bob && m_carol);
    const auto created = m_alice->call(
        api::CreateChannel{1, QStringLiteral("Launch news"), {}, QStringLiteral("launches")});
    MSGR_VERIFY_OK(created);
    m_channel = created.value->channel.id;
    MSGR_VERIFY_OK(m_bob->call(api::SubscribeChannel{m_channel}));
    const auto posted = m_alice->call(api::PostToChannel{m_channel, 2, QStringLiteral("T-10")});
    MSGR_VERIFY_OK(posted);
    m_post = posted.value->message.id;
    QVERIFY(m_bob->waitForUpdates(2)); // channelSubscription, the post
    m_bob->takeUpdates();
    m_alice->takeUpdates();
}

void TstChannelComments::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

void TstChannelComments::aCommentIsCountedAndPushedToTheChannelOnly() {
    const auto commented =
        m_bob->call(api::CommentOnPost{m_channel, m_post, 10, QStringLiteral("go!")});
    MSGR_VERIFY_OK(commented);
    QCOMPARE(commented.value->commentCount, 1);
    QCOMPARE(commented.value->duplicate, false);
    QCOMPARE(commented.value->comment.senderId, m_bob->userId());
    QCOMPARE(commented.value->comment.postId, m_post);
    QCOMPARE(commented.value->comment.randomId, 10);

    // The owner's and the commenter's open connections hear the new count, outside their log.
    for (TestClient *reader : {m_alice.get(), m_bob.get()}) {
        QVERIFY(reader->waitForUpdates(1));
        const auto pushes = countPushes(reader->takeUpdates());
        QCOMPARE(pushes.size(), 1);
        QCOMPARE(pushes.first().postId, m_post);
        QCOMPARE(pushes.first().commentCount, 1);
        QCOMPARE(pushes.first().lastCommentId, commented.value->comment.id);
    }
    // Carol is not subscribed: an answer of hers comes after anything queued to her before.
    MSGR_VERIFY_OK(m_carol->call(api::GetChannel{m_channel}));
    QVERIFY(m_carol->takeUpdates().isEmpty());

    // A resend (lost answer) answers the stored comment; nothing new, nothing pushed.
    const auto resent =
        m_bob->call(api::CommentOnPost{m_channel, m_post, 10, QStringLiteral("go!")});
    MSGR_VERIFY_OK(resent);
    QCOMPARE(resent.value->duplicate, true);
    QCOMPARE(resent.value->comment, commented.value->comment);
    QCOMPARE(resent.value->commentCount, 1);
    MSGR_VERIFY_OK(m_bob->call(api::GetChannel{m_channel}));
    QVERIFY(m_bob->takeUpdates().isEmpty());
}

void TstChannelComments::readersSeeTheCountInHistoryAndDifference() {
    // Carol is not subscribed to this public channel: she reads the post with its count.
    const auto history = m_carol->call(api::GetChannelHistory{m_channel, 0, 50});
    MSGR_VERIFY_OK(history);
    QCOMPARE(countIn(history.value->messages, m_post), 1);
    const auto diff = m_carol->call(api::GetChannelDifference{m_channel, 0, 100});
    MSGR_VERIFY_OK(diff);
    qint64 seen = -1;
    for (const auto &entry : diff.value->updates)
        if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&entry.update);
            m && m->message.id == m_post)
            seen = m->message.commentCount;
    QCOMPARE(seen, 1);
    // The comment did not append to the channel's log.
    const auto channel = m_carol->call(api::GetChannel{m_channel});
    MSGR_VERIFY_OK(channel);
    QCOMPARE(channel.value->channel.pts, 2); // "created", the post
    const auto thread = m_carol->call(api::GetComments{m_channel, m_post, 0, 0, 50});
    MSGR_VERIFY_OK(thread);
    QCOMPARE(thread.value->comments.size(), 1);
    QCOMPARE(thread.value->comments.first().text, QStringLiteral("go!"));
    QCOMPARE(thread.value->comments.first().randomId, 0); // the author's answer only
    QVERIFY(thread.value->final);
}

void TstChannelComments::whoMayCommentReadAndDelete() {
    // A reader of a public channel who is not subscribed may not comment...
    QVERIFY(!m_carol->call(api::CommentOnPost{m_channel, m_post, 20, QStringLiteral("hi")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("FORBIDDEN"));
    // ...until subscribed.
    MSGR_VERIFY_OK(m_carol->call(api::SubscribeChannel{m_channel}));
    const auto carols =
        m_carol->call(api::CommentOnPost{m_channel, m_post, 21, QStringLiteral("hi")});
    MSGR_VERIFY_OK(carols);
    QCOMPARE(carols.value->commentCount, 2);

    // Bob (a subscriber, not the author) may not delete carol's comment; alice (owner) may.
    QVERIFY(!m_bob->call(api::DeleteComment{m_channel, m_post, carols.value->comment.id}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    const auto deleted =
        m_alice->call(api::DeleteComment{m_channel, m_post, carols.value->comment.id});
    MSGR_VERIFY_OK(deleted);
    QVERIFY(deleted.value->deleted);
    QCOMPARE(deleted.value->commentCount, 1);
    const auto again =
        m_alice->call(api::DeleteComment{m_channel, m_post, carols.value->comment.id});
    MSGR_VERIFY_OK(again);
    QVERIFY(!again.value->deleted); // a retry changes nothing
    QCOMPARE(again.value->commentCount, 1);
    // A late resend of the deleted comment (its answer lost) does not bring it back: the
    // randomId stays taken after the deletion.
    QVERIFY(!m_carol->call(api::CommentOnPost{m_channel, m_post, 21, QStringLiteral("hi")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    const auto afterResend = m_carol->call(api::GetComments{m_channel, m_post, 0, 0, 50});
    MSGR_VERIFY_OK(afterResend);
    QCOMPARE(afterResend.value->commentCount, 1);
    QCOMPARE(afterResend.value->comments.size(), 1);

    // A private channel: an outsider cannot comment, read or delete, nor learn it exists.
    const auto hidden = m_alice->call(api::CreateChannel{3, QStringLiteral("Insiders"), {}, {}});
    MSGR_VERIFY_OK(hidden);
    const qint64 secret = hidden.value->channel.id;
    const auto secretPost = m_alice->call(api::PostToChannel{secret, 4, QStringLiteral("psst")});
    MSGR_VERIFY_OK(secretPost);
    const qint64 postId = secretPost.value->message.id;
    QVERIFY(!m_carol->call(api::CommentOnPost{secret, postId, 22, QStringLiteral("?")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_carol->call(api::GetComments{secret, postId, 0, 0, 10}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_carol->call(api::DeleteComment{secret, postId, 1}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    // A post of another channel is not a post of this one.
    QVERIFY(!m_alice->call(api::CommentOnPost{secret, m_post, 23, QStringLiteral("x")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    m_alice->takeUpdates();
    m_bob->takeUpdates();
    m_carol->takeUpdates();
}

void TstChannelComments::aThreadPagesBothWays() {
    const auto posted = m_alice->call(api::PostToChannel{m_channel, 30, QStringLiteral("AMA")});
    MSGR_VERIFY_OK(posted);
    const qint64 postId = posted.value->message.id;
    QList<qint64> ids;
    for (int i = 0; i < 25; ++i) {
        const auto c = m_bob->call(
            api::CommentOnPost{m_channel, postId, 1000 + i, QStringLiteral("q%1").arg(i)});
        MSGR_VERIFY_OK(c);
        ids.append(c.value->comment.id);
    }
    const auto newest = m_carol->call(api::GetComments{m_channel, postId, 0, 0, 10});
    MSGR_VERIFY_OK(newest);
    QCOMPARE(idsOf(*newest.value), ids.mid(15, 10));
    QVERIFY(!newest.value->final);
    QCOMPARE(newest.value->commentCount, 25);
    const auto older = m_carol->call(api::GetComments{m_channel, postId, ids[15], 0, 10});
    MSGR_VERIFY_OK(older);
    QCOMPARE(idsOf(*older.value), ids.mid(5, 10));
    const auto oldest = m_carol->call(api::GetComments{m_channel, postId, ids[5], 0, 10});
    MSGR_VERIFY_OK(oldest);
    QCOMPARE(idsOf(*oldest.value), ids.mid(0, 5));
    QVERIFY(oldest.value->final);
    // An open thread catches up forward from the last comment it shows.
    const auto after = m_carol->call(api::GetComments{m_channel, postId, 0, ids[9], 10});
    MSGR_VERIFY_OK(after);
    QCOMPARE(idsOf(*after.value), ids.mid(10, 10));
    QVERIFY(!after.value->final);
    const auto rest = m_carol->call(api::GetComments{m_channel, postId, 0, ids[19], 10});
    MSGR_VERIFY_OK(rest);
    QCOMPARE(idsOf(*rest.value), ids.mid(20, 5));
    QVERIFY(rest.value->final);
    m_alice->takeUpdates();
    m_bob->takeUpdates();
    m_carol->takeUpdates();
}

void TstChannelComments::aPageIsCutToTheFrameCap() {
    const auto posted = m_alice->call(api::PostToChannel{m_channel, 50, QStringLiteral("Essays")});
    MSGR_VERIFY_OK(posted);
    const qint64 postId = posted.value->message.id;
    // 100 comments of 4096 three-byte characters: 1.2 MiB, more than one frame holds.
    const QString essay(api::kMaxCommentChars, QChar(0x8A9E));
    QList<qint64> ids;
    for (int i = 0; i < api::kMaxCommentsPage; ++i) {
        const auto c = m_bob->call(api::CommentOnPost{m_channel, postId, 5000 + i, essay});
        MSGR_VERIFY_OK(c);
        ids.append(c.value->comment.id);
    }
    // Backward: the newest that fit, the oldest dropped; asking again from the first loses none.
    const auto newest = m_carol->call(api::GetComments{m_channel, postId, 0, 0, 100});
    MSGR_VERIFY_OK(newest);
    const qsizetype kept = newest.value->comments.size();
    QVERIFY(kept > 0 && kept < api::kMaxCommentsPage);
    QVERIFY(!newest.value->final);
    QCOMPARE(idsOf(*newest.value), ids.mid(ids.size() - kept));
    const auto rest =
        m_carol->call(api::GetComments{m_channel, postId, ids[ids.size() - kept], 0, 100});
    MSGR_VERIFY_OK(rest);
    QCOMPARE(idsOf(*rest.value), ids.mid(0, ids.size() - kept));
    QVERIFY(rest.value->final);
    // Forward: the oldest that fit, the newest dropped.
    const auto forward = m_carol->call(api::GetComments{m_channel, postId, 0, ids[0] - 1, 100});
    MSGR_VERIFY_OK(forward);
    QVERIFY(!forward.value->final);
    QCOMPARE(idsOf(*forward.value), ids.mid(0, forward.value->comments.size()));
    m_alice->takeUpdates();
    m_bob->takeUpdates();
    m_carol->takeUpdates();
}

void TstChannelComments::aCommentWritesAsManyRowsInACrowdedChannelAsInAnEmptyOne() {
    const auto lonely = m_alice->call(api::CreateChannel{40, QStringLiteral("Alone"), {}, {}});
    MSGR_VERIFY_OK(lonely);
    const qint64 alone = lonely.value->channel.id;
    const auto lonelyPost = m_alice->call(api::PostToChannel{alone, 41, QStringLiteral("x")});
    MSGR_VERIFY_OK(lonelyPost);
    // The launches channel has alice, bob and carol; six more (sign-ups per address come in a
    // burst: the 1,000-subscriber case is tst_domain_comments').
    std::vector<std::unique_ptr<TestClient>> crowd;
    for (int i = 0; i < 6; ++i) {
        crowd.push_back(user(QStringLiteral("reader%1").arg(i)));
        QVERIFY(crowd.back());
        MSGR_VERIFY_OK(crowd.back()->call(api::SubscribeChannel{m_channel}));
    }
    auto rowsOfOneComment = [&](qint64 channel, qint64 postId, qint64 randomId) -> qint64 {
        const auto [comments0, rows0] = commentCounters();
        if (!m_alice->call(api::CommentOnPost{channel, postId, randomId, QStringLiteral("y")}).ok())
            return -1;
        const auto [comments1, rows1] = commentCounters();
        return comments1 == comments0 + 1 ? rows1 - rows0 : -2;
    };
    // Both posts have comments already after the first one here: the thread row is updated.
    QVERIFY(rowsOfOneComment(alone, lonelyPost.value->message.id, 42) > 0);
    const qint64 few = rowsOfOneComment(alone, lonelyPost.value->message.id, 43);
    const qint64 many = rowsOfOneComment(m_channel, m_post, 44);
    QCOMPARE(few, 2); // the comment, its post's thread row
    QCOMPARE(many, few);
    // Every open subscriber heard the count, one small push each.
    for (auto &reader : crowd) {
        QVERIFY(reader->waitForUpdates(2)); // channelSubscription, then the count
        QCOMPARE(countPushes(reader->takeUpdates()).size(), 1);
    }
    m_alice->takeUpdates();
    m_bob->takeUpdates();
    m_carol->takeUpdates();
}

void TstChannelComments::malformedRequestsGetTypedErrors() {
    struct Case {
        QLatin1StringView method;
        QCborMap args;
        const char *code;
    };
    const QCborMap base{{L("channelId"), m_channel}, {L("postId"), m_post}};
    auto with = [&base](std::initializer_list<std::pair<const char *, QCborValue>> extra) {
        QCborMap map = base;
        for (const auto &[key, value] : extra)
            map.insert(QLatin1StringView(key), value);
        return map;
    };
    const QList<Case> cases = {
        {api::CommentOnPost::method, with({{"randomId", 1}}), "BAD_REQUEST"},
        {api::CommentOnPost::method, with({{"randomId", 0}, {"text", QStringLiteral("a")}}),
         "BAD_REQUEST"},
        {api::CommentOnPost::method, with({{"randomId", 5}, {"text", QStringLiteral("  ")}}),
         "BAD_REQUEST"},
        {api::CommentOnPost::method,
         with({{"randomId", 5}, {"text", QString(4097, QLatin1Char('w'))}}), "TOO_LARGE"},
        {api::GetComments::method, with({{"limit", 101}}), "BAD_REQUEST"},
        {api::GetComments::method, with({{"beforeId", 5}, {"afterId", 1}}), "BAD_REQUEST"},
        {api::GetComments::method, with({{"postId", m_post + 10'000}}), "BAD_REQUEST"},
        {api::GetComments::method, {{L("channelId"), 999'999}, {L("postId"), 1}}, "NOT_FOUND"},
        {api::DeleteComment::method, with({{"commentId", 0}}), "BAD_REQUEST"},
    };
    for (const Case &c : cases) {
        m_alice->call(c.method, c.args);
        QCOMPARE(m_alice->lastErrorName(), QString::fromLatin1(c.code));
    }
}

QTEST_GUILESS_MAIN(TstChannelComments)
#include "tst_channel_comments.moc"
