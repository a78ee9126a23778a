// Channels through the real server (docs/protocol.md §15): a post reaches the subscribers'
// open connections as a channelUpdate without moving their account pts; a subscriber cannot
// post or promote, a non-owner cannot add admins (typed refusals, nothing written); an
// unsubscribed user hears nothing more live; a subscriber offline for 1,000 posts catches up
// through the channel's own difference in pages; a post writes the same number of rows for a
// channel with one subscriber as for one with many (the server's own counter, /metrics); search
// finds a public channel by name and by description and never a private one; malformed
// requests get their typed errors; adding subscribers is all or nothing, the refusal naming
// the user refused.
#include "protocol/api/api.h"
#include "protocol/api/channel_subscribers.h"
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

//! The channel entries pushed live: (channelId, pts, entry) of each `channelUpdate`.
QList<protocol::ChannelUpdatePush> channelPushes(const QList<protocol::UpdateFrame> &frames) {
    QList<protocol::ChannelUpdatePush> out;
    for (const auto &frame : updatesOfType(frames, L("channelUpdate"))) {
        if (frame.pts != 0)
            continue; // never in the account log: a test below fails on the count then
        if (auto push = protocol::ChannelUpdatePush::fromCbor(frame.update))
            out.append(*push);
    }
    return out;
}

QString postText(const protocol::ChannelUpdatePush &push) {
    const auto update = protocol::updateFromCbor(push.update);
    if (!update || !std::holds_alternative<protocol::NewMessageUpdate>(*update))
        return {};
    return std::get<protocol::NewMessageUpdate>(*update).message.text;
}
} // namespace

class TstChannels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void aPostReachesOpenSubscribersOutsideTheirLog();
    void subscribersAndAdminsAreRefusedWhatIsNotTheirs();
    void anUnsubscribedUserHearsNothingMore();
    void anOfflineSubscriberCatchesUpOnAThousandPostsInPages();
    void aPostWritesAsManyRowsForManySubscribersAsForOne();
    void searchFindsPublicChannelsNeverPrivateOnes();
    void malformedRequestsGetTypedErrors();
    void addingSubscribersIsAllOrNothing();

private:
    std::unique_ptr<TestClient> user(const QString &name);
    std::unique_ptr<TestClient> resumed(const TestClient &of);
    //! (posts, rows) of /metrics' channel counters.
    std::pair<qint64, qint64> postCounters();

    // More sign-ups from this one address than the default burst of 20 allows at once.
    ServerProcess m_server{{QStringLiteral("--signup-burst"), QStringLiteral("64")}};
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_channel = 0;
};

std::unique_ptr<TestClient> TstChannels::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword).isEmpty() ? nullptr : std::move(client);
}

std::unique_ptr<TestClient> TstChannels::resumed(const TestClient &of) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()) || !client->resume(of.token()))
        return nullptr;
    return client;
}

std::pair<qint64, qint64> TstChannels::postCounters() {
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
    return {value("msgr_channel_posts_total"), value("msgr_channel_post_rows_total")};
}

void TstChannels::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    QVERIFY(m_alice && m_bob && m_carol);
}

void TstChannels::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

void TstChannels::aPostReachesOpenSubscribersOutsideTheirLog() {
    const auto created = m_alice->call(api::CreateChannel{7, QStringLiteral("Launch news"),
                                                          QStringLiteral("Rockets, weekly"),
                                                          QStringLiteral("Launches")});
    MSGR_VERIFY_OK(created);
    m_channel = created.value->channel.id;
    QCOMPARE(created.value->channel.name, QStringLiteral("launches")); // folded
    QCOMPARE(created.value->channel.ownerId, m_alice->userId());
    QCOMPARE(created.value->channel.role, std::optional(api::ChannelRole::Owner));
    // A retry answers the same channel.
    const auto retry = m_alice->call(api::CreateChannel{7, QStringLiteral("Launch news"),
                                                        QStringLiteral("Rockets, weekly"),
                                                        QStringLiteral("launches")});
    MSGR_VERIFY_OK(retry);
    QCOMPARE(retry.value->channel.id, m_channel);

    const auto subscribed = m_bob->call(api::SubscribeChannel{m_channel});
    MSGR_VERIFY_OK(subscribed);
    QCOMPARE(subscribed.value->channel.subscriberCount, 2);
    QVERIFY(m_bob->waitForUpdates(1)); // channelSubscription in bob's own log
    QCOMPARE(updateType(m_bob->takeUpdates().first()), QStringLiteral("channelSubscription"));
    const qint64 bobPts = subscribed.value->pts;

    const auto posted = m_alice->call(api::PostToChannel{m_channel, 100, QStringLiteral("T-10")});
    MSGR_VERIFY_OK(posted);
    QCOMPARE(posted.value->pts, 2); // the channel's: 1 is the "channel created" message
    QVERIFY(m_bob->waitForUpdates(1));
    const auto pushes = channelPushes(m_bob->takeUpdates());
    QCOMPARE(pushes.size(), 1);
    QCOMPARE(pushes.first().channelId, m_channel);
    QCOMPARE(pushes.first().pts, 2);
    QCOMPARE(postText(pushes.first()), QStringLiteral("T-10"));
    // Bob's account log did not move for the post.
    const auto state = m_bob->call(api::GetState{});
    MSGR_VERIFY_OK(state);
    QCOMPARE(state.value->pts, bobPts);
    // A second connection of bob's, opened later, hears the channel from its log-in on.
    auto bobPhone = resumed(*m_bob);
    QVERIFY(bobPhone);
    MSGR_VERIFY_OK(m_alice->call(api::PostToChannel{m_channel, 101, QStringLiteral("T-9")}));
    QVERIFY(bobPhone->waitForUpdates(1));
    QCOMPARE(postText(channelPushes(bobPhone->takeUpdates()).value(0)), QStringLiteral("T-9"));
    QVERIFY(m_bob->waitForUpdates(1));
    m_bob->takeUpdates();
    m_alice->takeUpdates();
    QVERIFY(m_carol->takeUpdates().isEmpty()); // not subscribed: nothing
}

void TstChannels::subscribersAndAdminsAreRefusedWhatIsNotTheirs() {
    const auto before = m_bob->call(api::GetChannel{m_channel});
    MSGR_VERIFY_OK(before);
    QVERIFY(!m_bob->call(api::PostToChannel{m_channel, 200, QStringLiteral("mine now")}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_bob->call(api::SetChannelRole{m_channel, m_bob->userId(), api::ChannelRole::Admin})
                 .ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_carol->call(api::PostToChannel{m_channel, 201, QStringLiteral("hi")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("FORBIDDEN"));

    // Bob made admin may post, but not name admins: that is the owner's alone.
    MSGR_VERIFY_OK(m_carol->call(api::SubscribeChannel{m_channel}));
    const auto promoted =
        m_alice->call(api::SetChannelRole{m_channel, m_bob->userId(), api::ChannelRole::Admin});
    MSGR_VERIFY_OK(promoted);
    QCOMPARE(promoted.value->channel.adminIds, QList<qint64>{m_bob->userId()});
    QVERIFY(!m_bob->call(api::SetChannelRole{m_channel, m_carol->userId(), api::ChannelRole::Admin})
                 .ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    const auto byBob = m_bob->call(api::PostToChannel{m_channel, 202, QStringLiteral("by bob")});
    MSGR_VERIFY_OK(byBob);

    const auto after = m_carol->call(api::GetChannel{m_channel});
    MSGR_VERIFY_OK(after);
    QCOMPARE(after.value->channel.adminIds, QList<qint64>{m_bob->userId()});
    // Only the refused acts wrote nothing: the channel log holds the role change and the post.
    QCOMPARE(after.value->channel.pts, before.value->channel.pts + 2);
    m_alice->takeUpdates();
    m_bob->takeUpdates();
    m_carol->takeUpdates();
}

void TstChannels::anUnsubscribedUserHearsNothingMore() {
    const auto left = m_carol->call(api::UnsubscribeChannel{m_channel});
    MSGR_VERIFY_OK(left);
    QVERIFY(!left.value->channel.role);
    QVERIFY(m_carol->waitForUpdates(1)); // her log: unsubscribed
    QCOMPARE(updateType(m_carol->takeUpdates().first()), QStringLiteral("channelSubscription"));

    MSGR_VERIFY_OK(m_alice->call(api::PostToChannel{m_channel, 300, QStringLiteral("after")}));
    QVERIFY(m_bob->waitForUpdates(1)); // bob, still subscribed, has it...
    QCOMPARE(postText(channelPushes(m_bob->takeUpdates()).value(0)), QStringLiteral("after"));
    // ...and carol's connection answers a request queued after the push would have been.
    MSGR_VERIFY_OK(m_carol->call(api::Ping{}));
    QVERIFY(m_carol->takeUpdates().isEmpty());
    // A public channel stays readable: she can still fetch what she missed.
    const auto diff = m_carol->call(api::GetChannelDifference{m_channel, 0, 100});
    MSGR_VERIFY_OK(diff);
    QVERIFY(!diff.value->updates.isEmpty());
    m_alice->takeUpdates();
}

void TstChannels::anOfflineSubscriberCatchesUpOnAThousandPostsInPages() {
    // Eight admins post 125 apiece over two connections each: within every request and write
    // bucket (docs/protocol.md §1), so all of it goes out at once, pipelined.
    const auto created = m_alice->call(
        api::CreateChannel{8, QStringLiteral("Firehose"), {}, QStringLiteral("firehose")});
    MSGR_VERIFY_OK(created);
    const qint64 channel = created.value->channel.id;
    auto dave = user(QStringLiteral("dave"));
    QVERIFY(dave);
    const auto subscribed = dave->call(api::SubscribeChannel{channel});
    MSGR_VERIFY_OK(subscribed);
    const qint64 davePts = subscribed.value->channel.pts;
    const QString daveToken = dave->token();
    dave->close();
    dave.reset();

    constexpr int kAdmins = 8;
    std::vector<std::unique_ptr<TestClient>> posters;
    for (int i = 0; i < kAdmins; ++i) {
        auto admin = user(QStringLiteral("admin%1").arg(i));
        QVERIFY(admin);
        MSGR_VERIFY_OK(admin->call(api::SubscribeChannel{channel}));
        MSGR_VERIFY_OK(
            m_alice->call(api::SetChannelRole{channel, admin->userId(), api::ChannelRole::Admin}));
        for (int c = 0; c < 2; ++c) {
            posters.push_back(resumed(*admin));
            QVERIFY(posters.back());
        }
    }
    QList<QPair<TestClient *, qint64>> sent;
    for (size_t c = 0; c < posters.size(); ++c) {
        const int count = c % 2 == 0 ? 63 : 62; // 125 per admin
        for (int i = 0; i < count; ++i) {
            const qint64 randomId = qint64(c) * 1000 + i + 1;
            sent.append({posters[c].get(),
                         posters[c]->sendRequest(api::PostToChannel{
                             channel, randomId, QStringLiteral("post %1-%2").arg(c).arg(i)})});
        }
    }
    QCOMPARE(sent.size(), 1000);
    for (const auto &[client, id] : sent) {
        QVERIFY(client->waitForAnswer(id));
        const auto answer = client->takeResultAs<api::SendResult>(id);
        MSGR_VERIFY_OK(answer);
    }

    // Dave comes back: his account log has nothing of it; the channel's log has it all.
    dave = std::make_unique<TestClient>();
    QVERIFY(dave->connectTo(m_server.wsUrl()) && dave->resume(daveToken));
    const auto list = dave->call(api::ListChannels{});
    MSGR_VERIFY_OK(list);
    QCOMPARE(list.value->channels.size(), 1);
    const qint64 channelPts = list.value->channels.first().pts;
    QCOMPARE(channelPts, davePts + kAdmins + 1000); // the role changes, then the posts
    qint64 pts = davePts;
    int pages = 0;
    int posts = 0;
    for (bool final = false; !final; ++pages) {
        const auto page = dave->call(api::GetChannelDifference{channel, pts, 100});
        MSGR_VERIFY_OK(page);
        QVERIFY(!page.value->tooLong);
        QVERIFY(page.value->updates.size() <= api::kMaxChannelDifferenceLimit);
        for (const auto &logged : page.value->updates) {
            QCOMPARE(logged.pts, pts + 1);
            pts = logged.pts;
            if (std::holds_alternative<protocol::NewMessageUpdate>(logged.update))
                ++posts;
        }
        QCOMPARE(page.value->pts, pts);
        final = page.value->final;
        QVERIFY(pages < 30);
    }
    QCOMPARE(pts, channelPts);
    QCOMPARE(posts, 1000);
    QVERIFY(pages >= 10);
    for (auto &poster : posters)
        poster->takeUpdates();
    m_alice->takeUpdates();
}

void TstChannels::aPostWritesAsManyRowsForManySubscribersAsForOne() {
    const auto lonely = m_alice->call(api::CreateChannel{9, QStringLiteral("Alone"), {}, {}});
    MSGR_VERIFY_OK(lonely);
    // The launches channel has alice and bob; six more (sign-ups per address come in a burst of
    // 20, docs/server.md: the 10,000-subscriber case is tst_domain_channels').
    std::vector<std::unique_ptr<TestClient>> crowd;
    for (int i = 0; i < 6; ++i) {
        crowd.push_back(user(QStringLiteral("reader%1").arg(i)));
        QVERIFY(crowd.back());
        MSGR_VERIFY_OK(crowd.back()->call(api::SubscribeChannel{m_channel}));
    }
    const auto crowded = m_alice->call(api::GetChannel{m_channel});
    MSGR_VERIFY_OK(crowded);
    QCOMPARE(crowded.value->channel.subscriberCount, 8);

    auto rowsOfOnePost = [&](qint64 channel, qint64 randomId) -> qint64 {
        const auto [posts0, rows0] = postCounters();
        const auto posted =
            m_alice->call(api::PostToChannel{channel, randomId, QStringLiteral("x")});
        if (!posted.ok())
            return -1;
        const auto [posts1, rows1] = postCounters();
        return posts1 == posts0 + 1 ? rows1 - rows0 : -2;
    };
    const qint64 alone = rowsOfOnePost(lonely.value->channel.id, 900);
    const qint64 many = rowsOfOnePost(m_channel, 901);
    // message, channel log entry, channel log state (the message id sequence comes from the
    // store writer's memory and is written once per batch: server/store/writer_memory.h)
    QCOMPARE(alone, 3);
    QCOMPARE(many, alone);
    // Every open subscriber still got it live.
    for (auto &reader : crowd) {
        QVERIFY(reader->waitForUpdates(2)); // channelSubscription, then the post
        QCOMPARE(channelPushes(reader->takeUpdates()).size(), 1);
    }
    m_alice->takeUpdates();
    m_bob->takeUpdates();
}

void TstChannels::searchFindsPublicChannelsNeverPrivateOnes() {
    MSGR_VERIFY_OK(m_alice->call(api::CreateChannel{
        10, QStringLiteral("Orbit club"), QStringLiteral("members only: orbital talk"), {}}));
    auto titles = [&](const QString &query) {
        QStringList out;
        const auto found = m_carol->call(api::SearchChannels{query, 50});
        if (found.ok()) {
            for (const auto &c : found.value->channels)
                out.append(c.title);
        }
        return out;
    };
    QCOMPARE(titles(QStringLiteral("@LAUNCH")), QStringList{QStringLiteral("Launch news")});
    QCOMPARE(titles(QStringLiteral("rockets")), QStringList{QStringLiteral("Launch news")});
    QVERIFY(titles(QStringLiteral("orbit")).isEmpty());
    QVERIFY(titles(QStringLiteral("members only")).isEmpty());
}

void TstChannels::malformedRequestsGetTypedErrors() {
    struct Case {
        QLatin1StringView method;
        QCborMap args;
        const char *code;
    };
    const QString longName(33, QLatin1Char('a'));
    const QList<Case> cases = {
        {protocol::method::ChannelsCreate, {{L("randomId"), 1}}, "BAD_REQUEST"},
        {protocol::method::ChannelsCreate,
         {{L("randomId"), 1}, {L("title"), QStringLiteral("t")}, {L("name"), QStringLiteral("1x")}},
         "USERNAME_INVALID"},
        {protocol::method::ChannelsCreate,
         {{L("randomId"), 1}, {L("title"), QStringLiteral("t")}, {L("name"), longName}},
         "TOO_LARGE"},
        {protocol::method::ChannelsCreate,
         {{L("randomId"), 11},
          {L("title"), QStringLiteral("t")},
          {L("name"), QStringLiteral("Launches")}},
         "USERNAME_TAKEN"},
        {protocol::method::ChannelsPost,
         {{L("channelId"), m_channel}, {L("randomId"), 5}, {L("text"), QStringLiteral("   ")}},
         "BAD_REQUEST"},
        {protocol::method::ChannelsGetDifference,
         {{L("channelId"), m_channel}, {L("pts"), 0}, {L("limit"), 101}},
         "BAD_REQUEST"},
        {protocol::method::ChannelsSearch,
         {{L("query"), QString(65, QLatin1Char('q'))}},
         "TOO_LARGE"},
        {protocol::method::ChannelsGet, {{L("channelId"), 999'999}}, "NOT_FOUND"},
        {protocol::method::ChannelsSetRole,
         {{L("channelId"), m_channel}, {L("userId"), 1}, {L("role"), QStringLiteral("owner")}},
         "BAD_REQUEST"},
    };
    for (const Case &c : cases) {
        m_alice->call(c.method, c.args);
        QCOMPARE(m_alice->lastErrorName(), QString::fromLatin1(c.code));
    }
}

void TstChannels::addingSubscribersIsAllOrNothing() {
    auto owner = user(QStringLiteral("atomic_owner"));
    auto first = user(QStringLiteral("atomic_first"));
    auto blocker = user(QStringLiteral("atomic_blocker"));
    QVERIFY(owner && first && blocker);
    const auto created =
        owner->call(api::CreateChannel{9001, QStringLiteral("All or nothing"), {}, {}});
    MSGR_VERIFY_OK(created);
    const qint64 channel = created.value->channel.id;
    const qint64 ptsBefore = created.value->channel.pts;
    MSGR_VERIFY_OK(blocker->call(api::SetBlocked{owner->userId(), true}));

    // The first user could be added; the second refuses: neither is, the error names the second.
    const auto refused =
        owner->call(api::AddChannelSubscribers{channel, {first->userId(), blocker->userId()}});
    QVERIFY(!refused.ok());
    QCOMPARE(owner->lastErrorName(), QStringLiteral("USER_BLOCKED"));
    QVERIFY2(owner->lastError()->message.contains(QString::number(blocker->userId())),
             qPrintable(owner->lastError()->message));
    // A user that does not exist, after one that could be added: NOT_FOUND naming that id.
    const qint64 nobody = blocker->userId() + 100'000;
    QVERIFY(!owner->call(api::AddChannelSubscribers{channel, {first->userId(), nobody}}).ok());
    QCOMPARE(owner->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(owner->lastError()->message.contains(QString::number(nobody)));

    const auto after = owner->call(api::GetChannel{channel});
    MSGR_VERIFY_OK(after);
    QCOMPARE(after.value->channel.subscriberCount, 1); // the owner alone
    QCOMPARE(after.value->channel.pts, ptsBefore);
    const auto firstsChannels = first->call(api::ListChannels{});
    MSGR_VERIFY_OK(firstsChannels);
    QVERIFY(firstsChannels.value->channels.isEmpty());

    // Without the refusing user the same call goes through.
    owner->takeUpdates();
    const auto added = owner->call(api::AddChannelSubscribers{channel, {first->userId()}});
    MSGR_VERIFY_OK(added);
    QCOMPARE(added.value->channel.subscriberCount, 2);
    // The channel's open connections hear the new count, unlogged (no pts).
    std::optional<protocol::ChannelSubscribersPush> push;
    QTRY_VERIFY([&] {
        for (const auto &frame : updatesOfType(owner->takeUpdates(), L("channelSubscribers")))
            if (frame.pts == 0)
                push = protocol::ChannelSubscribersPush::fromCbor(frame.update);
        return push.has_value();
    }());
    QCOMPARE(push->channelId, channel);
    QCOMPARE(push->subscriberCount, 2);
}

QTEST_GUILESS_MAIN(TstChannels)
#include "tst_channels.moc"
