// Comments on channel posts in the client core (core/comments/, docs/protocol.md §22) against
// the REAL msgr-server, through the whole engine:
// - a subscriber's post shows the count another user's comment made, live (the postComments
//   push), and after a restart that missed the pushes (the chat's counts are fetched again);
// - an old post's stored count, past the newest 50, is repaired after a restart too;
// - a thread opened once shows from the store after a restart while the server is down, and
//   catches up with the comments written meanwhile once it is back;
// - a thread of 250 comments opens on its newest page and scrolling up loads the older pages
//   in order, each comment once; a comment written meanwhile arrives by catch-up;
// - a comment sent while the server goes away is sent again with its random id once it is
//   back, and the thread holds it exactly once; a resend of the same random id is a duplicate;
// - a comment written offline is kept in the store, shows unsent after a restart of the
//   client core, and is sent exactly once when the server is back: another reader's thread
//   shows it once, the writer's thread no longer shows it unsent;
// - a reader who is not subscribed is told to subscribe; deleting one's own comment lowers
//   the count another subscriber's client shows.
#include "client_app.h"
#include "core/comments/comment_counts.h"
#include "core/comments/comments_thread.h"
#include "core/comments/pending_comments.h"
#include "core/comments/post_comment_counts.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "protocol/api/comments.h"
#include "tests/support/requests_at_once.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using test::TestClient;

namespace {
const QString kPassword = QStringLiteral("password123");
// 250 comments at once from one user: past the default write burst (docs/protocol.md §1).
const QStringList kServerArgs = {QStringLiteral("--user-write-burst"), QStringLiteral("5000")};

//! A channel of `owner` with one post; `post` gets the post's id.
qint64 channelWithPost(TestClient &owner, const QString &name, qint64 *post) {
    const auto created = owner.call(
        api::CreateChannel{crypto::randomNonZeroInt63(), name, QStringLiteral("about"), name});
    if (!created.ok())
        return 0;
    const qint64 channel = created.value->channel.id;
    const auto posted = owner.call(
        api::PostToChannel{channel, crypto::randomNonZeroInt63(), QStringLiteral("the post")});
    *post = posted.ok() ? posted.value->message.id : 0;
    return channel;
}

qint64 comment(TestClient &author, qint64 channel, qint64 post, const QString &text) {
    const auto answer =
        author.call(api::CommentOnPost{channel, post, crypto::randomNonZeroInt63(), text});
    return answer.ok() ? answer.value->comment.id : 0;
}

//! `count` comments at once over connections of `author` (test::callAtOnce); their ids
//! ascending, or {}. `texts` gets each id's text: the server orders them as they arrive, not
//! as they were sent.
QList<qint64> commentMany(const QUrl &url, const TestClient &author, qint64 channel, qint64 post,
                          int count, QHash<qint64, QString> *texts = nullptr) {
    QList<api::CommentOnPost> comments;
    for (int i = 0; i < count; ++i)
        comments.append(api::CommentOnPost{channel, post, crypto::randomNonZeroInt63(),
                                           QStringLiteral("comment %1").arg(i)});
    const auto results = test::callAtOnce(url, author.token(), comments);
    QList<qint64> ids;
    for (const api::CommentResult &result : results.value_or(QList<api::CommentResult>{})) {
        ids.append(result.comment.id);
        if (texts)
            texts->insert(result.comment.id, result.comment.text);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 storedCount(storage::ProfileStore &store, qint64 channel, qint64 post) {
    return test::read(store, [channel, post](storage::ReadTransaction &tx) {
        return core::CommentCounts::count(tx, channel, post);
    });
}

core::ChannelOutcome awaitChannel(const std::function<void(QObject *, core::ChannelDone)> &act) {
    QObject context;
    std::optional<core::ChannelOutcome> outcome;
    act(&context, [&outcome](const core::ChannelOutcome &o) { outcome = o; });
    test::awaitCondition([&] { return outcome.has_value(); }, "the channel act answered");
    return *outcome;
}

//! A client app signed up as `name` and in sync.
std::unique_ptr<test::ClientApp> signedUpApp(const QString &dir, const QUrl &url,
                                             const QString &name, int reconnectMs = 1000) {
    auto app = std::make_unique<test::ClientApp>(dir, url, QStringLiteral("tst_comments_sync"),
                                                 reconnectMs);
    if (!app->opened)
        return nullptr;
    app->start();
    app->engine->signUp(name, kPassword, name);
    test::awaitCondition([&] { return app->syncs > 0 && app->userId > 0; }, "signed up");
    return app;
}

QList<qint64> idsOf(const core::CommentsThread &thread) {
    QList<qint64> ids;
    for (int row = 0; row < thread.rowCount(); ++row)
        ids.append(
            qint64(thread.data(thread.index(row), core::CommentsThread::CommentIdRole).toDouble()));
    return ids;
}

QList<core::PendingComment> pendingOf(storage::ProfileStore &store, qint64 channel, qint64 post) {
    return test::read(store, [channel, post](storage::ReadTransaction &tx) {
        return core::PendingComments::ofPost(tx, channel, post);
    });
}

QStringList textsOf(const core::CommentsThread &thread) {
    QStringList texts;
    for (int row = 0; row < thread.rowCount(); ++row)
        texts.append(thread.data(thread.index(row), core::CommentsThread::TextRole).toString());
    return texts;
}
} // namespace

class TstCommentsSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void aPostsCountFollowsLiveAndAfterARestart() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga, ann;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(ann.connectTo(server.wsUrl()));
        QVERIFY(!ann.signUp(QStringLiteral("ann"), kPassword).isEmpty());
        qint64 post = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("news"), &post);
        QVERIFY(channel > 0 && post > 0);
        MSGR_VERIFY_OK(ann.call(api::SubscribeChannel{channel}));

        QTemporaryDir dir;
        auto laptop = signedUpApp(dir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(laptop);
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    laptop->engine->subscribeChannel(channel, ctx, done);
                }).ok());
        test::awaitCondition([&] { return test::messages(laptop->store, channel).size() == 2; },
                             "the post stored");
        core::PostCommentCounts counts;
        counts.setContext(laptop->context.get());
        counts.setChatId(double(channel));
        QCOMPARE(counts.count(double(post)), 0);

        // Live: another subscriber comments, the push moves the count shown under the post.
        QVERIFY(comment(ann, channel, post, QStringLiteral("first!")) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(counts.count(double(post)), 1, 20'000);
        QCOMPARE(storedCount(laptop->store, channel, post), qint64(1));

        // Closed while two more are written: the pushes are missed; opening the channel again
        // asks for its newest posts, which carry the count as of now.
        laptop.reset();
        QVERIFY(comment(ann, channel, post, QStringLiteral("second")) > 0);
        QVERIFY(comment(olga, channel, post, QStringLiteral("third")) > 0);
        laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                   QStringLiteral("tst_comments_sync"));
        QVERIFY(laptop->opened);
        QCOMPARE(storedCount(laptop->store, channel, post), qint64(1)); // as it was left
        laptop->start();
        core::PostCommentCounts reopened;
        reopened.setContext(laptop->context.get());
        reopened.setChatId(double(channel));
        QTRY_COMPARE_WITH_TIMEOUT(reopened.count(double(post)), 3, 20'000);
    }

    void anOldPostsCountIsRepairedAfterARestartToo() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga, ann;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(ann.connectTo(server.wsUrl()));
        QVERIFY(!ann.signUp(QStringLiteral("ann"), kPassword).isEmpty());
        qint64 old = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("archive"), &old);
        QVERIFY(channel > 0 && old > 0);
        // 60 newer posts: the commented one is past the newest 50.
        for (int i = 0; i < 60; ++i)
            MSGR_VERIFY_OK(olga.call(api::PostToChannel{channel, crypto::randomNonZeroInt63(),
                                                        QStringLiteral("post %1").arg(i)}));
        MSGR_VERIFY_OK(ann.call(api::SubscribeChannel{channel}));
        QVERIFY(comment(ann, channel, old, QStringLiteral("first")) > 0);

        QTemporaryDir dir;
        auto laptop = signedUpApp(dir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(laptop);
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    laptop->engine->subscribeChannel(channel, ctx, done);
                }).ok());
        // The user scrolled back to it once: its count is stored.
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    laptop->engine->channelHistory(channel, old + 1, 50, ctx, done);
                }).ok());
        QCOMPARE(storedCount(laptop->store, channel, old), qint64(1));

        // Closed while two more comments are written on the old post.
        laptop.reset();
        QVERIFY(comment(ann, channel, old, QStringLiteral("second")) > 0);
        QVERIFY(comment(olga, channel, old, QStringLiteral("third")) > 0);
        laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                   QStringLiteral("tst_comments_sync"));
        QVERIFY(laptop->opened);
        laptop->start();
        core::PostCommentCounts reopened;
        reopened.setContext(laptop->context.get());
        reopened.setChatId(double(channel));
        // Past the newest 50, yet repaired: a stored count lies below the first page.
        QTRY_COMPARE_WITH_TIMEOUT(reopened.count(double(old)), 3, 20'000);
    }

    void aThreadOpenedOnceShowsOfflineAndCatchesUpOnline() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga, ann;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(ann.connectTo(server.wsUrl()));
        QVERIFY(!ann.signUp(QStringLiteral("ann"), kPassword).isEmpty());
        qint64 post = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("kept"), &post);
        QVERIFY(channel > 0 && post > 0);
        MSGR_VERIFY_OK(ann.call(api::SubscribeChannel{channel}));
        QVERIFY(comment(ann, channel, post, QStringLiteral("one")) > 0);
        QVERIFY(comment(olga, channel, post, QStringLiteral("two")) > 0);

        QTemporaryDir dir;
        auto laptop = signedUpApp(dir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(laptop);
        {
            core::CommentsThread thread; // opened once, online
            thread.setContext(laptop->context.get());
            thread.setChannelId(double(channel));
            thread.setPostId(double(post));
            QTRY_VERIFY_WITH_TIMEOUT(thread.loaded(), 20'000);
            QCOMPARE(textsOf(thread), (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        }

        // Closed; a third comment is written; then the server is down while the app restarts.
        laptop.reset();
        QVERIFY(comment(ann, channel, post, QStringLiteral("three")) > 0);
        server.stop();
        laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                   QStringLiteral("tst_comments_sync"), 500);
        QVERIFY(laptop->opened);
        laptop->start();
        core::CommentsThread offline;
        offline.setContext(laptop->context.get());
        offline.setChannelId(double(channel));
        offline.setPostId(double(post));
        // The stored thread shows without the network, the failed load says why.
        QTRY_COMPARE_WITH_TIMEOUT(
            textsOf(offline), (QStringList{QStringLiteral("one"), QStringLiteral("two")}), 20'000);
        QCOMPARE(offline.count(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!offline.error().isEmpty(), 20'000);
        QVERIFY(!offline.loaded());

        // Online again: it catches up with what was written meanwhile.
        QVERIFY(server.start());
        QTRY_COMPARE_WITH_TIMEOUT(
            textsOf(offline),
            (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}),
            30'000);
        QTRY_COMPARE_WITH_TIMEOUT(offline.count(), 3, 20'000);
        QVERIFY(offline.loaded());
        QVERIFY(offline.error().isEmpty());
    }

    void aLongThreadPagesUpInOrderAndCatchesUp() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga, ann;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(ann.connectTo(server.wsUrl()));
        QVERIFY(!ann.signUp(QStringLiteral("ann"), kPassword).isEmpty());
        qint64 post = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("busy"), &post);
        QVERIFY(channel > 0 && post > 0);
        MSGR_VERIFY_OK(ann.call(api::SubscribeChannel{channel}));
        QHash<qint64, QString> textOf;
        const QList<qint64> written = commentMany(server.wsUrl(), ann, channel, post, 250, &textOf);
        QCOMPARE(written.size(), 250);

        QTemporaryDir dir;
        auto laptop = signedUpApp(dir.path(), server.wsUrl(), QStringLiteral("sam"));
        QVERIFY(laptop);
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    laptop->engine->subscribeChannel(channel, ctx, done);
                }).ok());

        core::CommentsThread thread;
        QSignalSpy older(&thread, &core::CommentsThread::olderLoaded);
        thread.setContext(laptop->context.get());
        thread.setChannelId(double(channel));
        thread.setPostId(double(post));
        QTRY_VERIFY_WITH_TIMEOUT(thread.loaded(), 20'000);
        QCOMPARE(thread.count(), 250);
        QCOMPARE(idsOf(thread), written.mid(200)); // the newest page first
        QVERIFY(thread.hasOlder());

        // Scrolling up: each older page goes above, in order, until none remain.
        int pages = 0;
        while (thread.hasOlder()) {
            const int before = thread.rowCount();
            thread.loadOlder();
            thread.loadOlder(); // a second ask while one is out is ignored
            QTRY_VERIFY_WITH_TIMEOUT(!thread.loading(), 20'000);
            QVERIFY(thread.rowCount() > before);
            QVERIFY(++pages <= 4);
        }
        QCOMPARE(pages, 4);
        QCOMPARE(older.count(), 4);
        QCOMPARE(idsOf(thread), written); // all 250, ascending, each once
        QStringList texts;
        for (const qint64 id : written)
            texts.append(textOf.value(id));
        QCOMPARE(textsOf(thread), texts); // each comment's own text
        // Sender names come from the server when the store never had them.
        QTRY_COMPARE_WITH_TIMEOUT(
            thread.data(thread.index(0), core::CommentsThread::SenderNameRole).toString(),
            QStringLiteral("ann"), 20'000);
        QCOMPARE(thread.data(thread.index(0), core::CommentsThread::OwnRole).toBool(), false);

        // A comment written while the thread is open comes by the push and a catch-up.
        const qint64 late = comment(olga, channel, post, QStringLiteral("late news"));
        QVERIFY(late > 0);
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(thread).size(), 251, 20'000);
        QCOMPARE(idsOf(thread).last(), late);
        QCOMPARE(thread.count(), 251);
    }

    void aCommentSentAcrossADropIsWrittenOnce() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        qint64 post = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("drops"), &post);
        QVERIFY(channel > 0 && post > 0);

        QTemporaryDir dir;
        auto laptop = signedUpApp(dir.path(), server.wsUrl(), QStringLiteral("sam"), 200);
        QVERIFY(laptop);
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    laptop->engine->subscribeChannel(channel, ctx, done);
                }).ok());
        core::CommentsThread thread;
        thread.setContext(laptop->context.get());
        thread.setChannelId(double(channel));
        thread.setPostId(double(post));
        QTRY_VERIFY_WITH_TIMEOUT(thread.loaded(), 20'000);

        // The server dies while the comment is on its way (it may or may not have written it):
        // the comment stays unsent, and is sent again with the same random id once it is back.
        QSignalSpy sent(&thread, &core::CommentsThread::sent);
        QVERIFY(thread.send(QStringLiteral("through the storm")));
        server.kill();
        QCOMPARE(thread.rowCount(), 1);
        QVERIFY(thread.data(thread.index(0), core::CommentsThread::UnsentRole).toBool());
        QVERIFY(server.restart());
        QVERIFY(sent.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(thread.count(), 1, 20'000);
        QCOMPARE(textsOf(thread), QStringList{QStringLiteral("through the storm")});
        QVERIFY(!thread.data(thread.index(0), core::CommentsThread::UnsentRole).toBool());
        TestClient check;
        QVERIFY(check.connectTo(server.wsUrl()));
        QVERIFY(!check.signUp(QStringLiteral("check"), kPassword).isEmpty());
        const auto page = check.call(api::GetComments{channel, post, 0, 0, 50});
        MSGR_VERIFY_OK(page);
        QCOMPARE(page.value->comments.size(), 1);

        // The same random id again (what a resend after a lost answer is): the stored comment.
        const qint64 randomId = crypto::randomNonZeroInt63();
        core::CommentRequest write;
        write.kind = core::CommentRequest::Kind::Write;
        write.channelId = channel;
        write.postId = post;
        write.randomId = randomId;
        write.text = QStringLiteral("once");
        QList<core::CommentOutcome> outcomes;
        QObject ctx;
        for (int i = 0; i < 2; ++i)
            laptop->engine->commentCall(
                write, &ctx, [&outcomes](const core::CommentOutcome &o) { outcomes.append(o); });
        QTRY_COMPARE_WITH_TIMEOUT(outcomes.size(), 2, 20'000);
        QVERIFY(outcomes.at(0).ok() && outcomes.at(1).ok());
        QCOMPARE(outcomes.at(0).comments.value(0).id, outcomes.at(1).comments.value(0).id);
        QVERIFY(!outcomes.at(0).duplicate);
        QVERIFY(outcomes.at(1).duplicate);
        QCOMPARE(outcomes.at(1).commentCount, qint64(2));
    }

    void aCommentWrittenOfflineSurvivesARestartAndIsSentOnce() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        qint64 post = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("outbox"), &post);
        QVERIFY(channel > 0 && post > 0);

        QTemporaryDir laptopDir, tabletDir;
        auto laptop = signedUpApp(laptopDir.path(), server.wsUrl(), QStringLiteral("sam"), 300);
        auto tablet = signedUpApp(tabletDir.path(), server.wsUrl(), QStringLiteral("tia"), 300);
        QVERIFY(laptop && tablet);
        for (test::ClientApp *app : {laptop.get(), tablet.get()})
            QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                        app->engine->subscribeChannel(channel, ctx, done);
                    }).ok());
        core::CommentsThread reader; // Tia's thread, open throughout
        reader.setContext(tablet->context.get());
        reader.setChannelId(double(channel));
        reader.setPostId(double(post));
        QTRY_VERIFY_WITH_TIMEOUT(reader.loaded(), 20'000);

        // Offline: the comment shows unsent at once and is kept in the store.
        server.stop();
        {
            core::CommentsThread thread;
            thread.setContext(laptop->context.get());
            thread.setChannelId(double(channel));
            thread.setPostId(double(post));
            QVERIFY(thread.send(QStringLiteral("written on the train")));
            QCOMPARE(textsOf(thread), QStringList{QStringLiteral("written on the train")});
            QVERIFY(thread.data(thread.index(0), core::CommentsThread::UnsentRole).toBool());
        }
        QTRY_COMPARE_WITH_TIMEOUT(pendingOf(laptop->store, channel, post).size(), 1, 20'000);
        const qint64 randomId = pendingOf(laptop->store, channel, post).first().randomId;

        // The client core restarts (a new engine on the same profile), still offline: the
        // thread shows the comment unsent, from the store.
        laptop.reset();
        laptop = std::make_unique<test::ClientApp>(laptopDir.path(), server.wsUrl(),
                                                   QStringLiteral("tst_comments_sync"), 300);
        QVERIFY(laptop->opened);
        laptop->start();
        core::CommentsThread thread;
        QSignalSpy sent(&thread, &core::CommentsThread::sent);
        thread.setContext(laptop->context.get());
        thread.setChannelId(double(channel));
        thread.setPostId(double(post));
        QTRY_COMPARE_WITH_TIMEOUT(textsOf(thread),
                                  QStringList{QStringLiteral("written on the train")}, 20'000);
        QVERIFY(thread.data(thread.index(0), core::CommentsThread::UnsentRole).toBool());
        QVERIFY(!thread.data(thread.index(0), core::CommentsThread::FailedRole).toBool());

        // Online again: sent by the outbox with its random id, once.
        QVERIFY(server.start());
        QVERIFY(sent.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(thread.rowCount(), 1, 20'000);
        QVERIFY(!thread.data(thread.index(0), core::CommentsThread::UnsentRole).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(thread.count(), 1, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(pendingOf(laptop->store, channel, post).isEmpty(), 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(textsOf(reader),
                                  QStringList{QStringLiteral("written on the train")}, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(reader.count(), 1, 20'000);
        TestClient check;
        QVERIFY(check.connectTo(server.wsUrl()));
        QVERIFY(!check.signUp(QStringLiteral("check"), kPassword).isEmpty());
        const auto page = check.call(api::GetComments{channel, post, 0, 0, 50});
        MSGR_VERIFY_OK(page);
        QCOMPARE(page.value->comments.size(), 1);
        QCOMPARE(page.value->comments.first().text, QStringLiteral("written on the train"));
        QCOMPARE(page.value->commentCount, qint64(1));
        // The same random id once more: the server has it already from the outbox's send.
        core::CommentRequest again;
        again.kind = core::CommentRequest::Kind::Write;
        again.channelId = channel;
        again.postId = post;
        again.randomId = randomId;
        again.text = QStringLiteral("written on the train");
        std::optional<core::CommentOutcome> outcome;
        QObject ctx;
        laptop->engine->commentCall(again, &ctx,
                                    [&outcome](const core::CommentOutcome &o) { outcome = o; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20'000);
        QVERIFY(outcome->ok());
        QVERIFY(outcome->duplicate); // the server had it from the outbox's one send
        QCOMPARE(outcome->commentCount, qint64(1));
    }

    void aReaderIsToldToSubscribeAndDeletingLowersTheCount() {
        test::ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        qint64 post = 0;
        const qint64 channel = channelWithPost(olga, QStringLiteral("public"), &post);
        QVERIFY(channel > 0 && post > 0);

        QTemporaryDir laptopDir, tabletDir;
        auto laptop = signedUpApp(laptopDir.path(), server.wsUrl(), QStringLiteral("sam"));
        auto tablet = signedUpApp(tabletDir.path(), server.wsUrl(), QStringLiteral("tia"));
        QVERIFY(laptop && tablet);
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    laptop->engine->subscribeChannel(channel, ctx, done);
                }).ok());

        // Tia reads the public channel without subscribing: her comment is refused.
        core::CommentsThread reader;
        reader.setContext(tablet->context.get());
        reader.setChannelId(double(channel));
        reader.setPostId(double(post));
        QTRY_VERIFY_WITH_TIMEOUT(reader.loaded(), 20'000);
        QVERIFY(reader.send(QStringLiteral("may I?")));
        QTRY_COMPARE_WITH_TIMEOUT(reader.error(),
                                  QStringLiteral("Subscribe to the channel to comment."), 20'000);
        QVERIFY(reader.data(reader.index(0), core::CommentsThread::FailedRole).toBool());
        QVERIFY(!reader.send(QString(api::kMaxCommentChars + 1, QLatin1Char('x'))));
        QCOMPARE(reader.error(), QStringLiteral("A comment has at most 4096 characters."));

        // Subscribed, she comments and deletes it; Sam's client shows 1, then 0.
        QVERIFY(awaitChannel([&](QObject *ctx, core::ChannelDone done) {
                    tablet->engine->subscribeChannel(channel, ctx, done);
                }).ok());
        reader.discard(0);
        QCOMPARE(reader.rowCount(), 0);
        core::PostCommentCounts samCounts;
        samCounts.setContext(laptop->context.get());
        samCounts.setChatId(double(channel));
        QSignalSpy sent(&reader, &core::CommentsThread::sent);
        QVERIFY(reader.send(QStringLiteral("hello all")));
        QVERIFY(sent.wait(20'000));
        QTRY_COMPARE_WITH_TIMEOUT(samCounts.count(double(post)), 1, 20'000);
        QVERIFY(reader.data(reader.index(0), core::CommentsThread::OwnRole).toBool());
        QVERIFY(reader.data(reader.index(0), core::CommentsThread::CanDeleteRole).toBool());
        reader.remove(reader.data(reader.index(0), core::CommentsThread::CommentIdRole).toDouble());
        QTRY_COMPARE_WITH_TIMEOUT(reader.rowCount(), 0, 20'000);
        QCOMPARE(reader.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(samCounts.count(double(post)), 0, 20'000);

        // Another's comment is not Tia's to delete: refused, typed.
        const qint64 olgas = comment(olga, channel, post, QStringLiteral("owner speaks"));
        QVERIFY(olgas > 0);
        QTRY_COMPARE_WITH_TIMEOUT(reader.rowCount(), 1, 20'000);
        QVERIFY(!reader.data(reader.index(0), core::CommentsThread::CanDeleteRole).toBool());
        reader.remove(double(olgas));
        QTRY_VERIFY_WITH_TIMEOUT(reader.error().startsWith(QStringLiteral("Only the comment's")),
                                 20'000);
        QCOMPARE(reader.rowCount(), 1);
    }
};

QTEST_MAIN(TstCommentsSync)
#include "tst_comments_sync.moc"
