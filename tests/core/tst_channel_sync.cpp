// The client's per-channel log synchroniser (core/channels/, docs/protocol.md §15.3) against the
// REAL msgr-server:
// - through the whole engine: a subscription made here shows the channel as a chat (kind 2),
//   live posts arrive while online, the channel's pts survives a restart, a subscriber closed
//   for 1,000 posts has all of them, in order, after it starts again, and once unsubscribed
//   nothing more of the channel is stored;
// - the synchronisers alone over a link to the real server (so every request and answer is
//   seen): a missing live entry is fetched with channels.getDifference, and a catch-up comes in
//   pages of at most 100 entries;
// - a supergroup (§23.8) through the engine: a reply queued here goes as messages.send with its
//   quote, and another member's edit and deletion are applied live and, after a restart, from
//   the supergroup's own log.
#include "channel_apps.h"
#include "client_app.h"
#include "core/channels/channel_service.h"
#include "core/channels/channel_synchronisers.h"
#include "core/channels/channels_sync.h"
#include "core/net/request_channel.h"
#include "core/sync/sync_writes.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "storage/tables/channels_table.h"
#include "storage/tables/chats_table.h"
#include "tests/support/requests_at_once.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QCborArray>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <vector>

using namespace msgr;
namespace api = protocol::api;
using L = QLatin1StringView;
using test::TestClient;

namespace {
const QString kPassword = QStringLiteral("password123");
// 1,000 posts at once from one user: past the default write burst (docs/protocol.md §1).
const QStringList kServerArgs = {QStringLiteral("--user-write-burst"), QStringLiteral("5000")};

//! A RequestChannel over a TestClient's real connection: every request goes to the server and
//! is recorded with the size of each channels.getDifference answer; pushed updates are fed to
//! the feature by the test (so it can leave one out).
class ServerLink : public core::RequestChannel {
public:
    explicit ServerLink(TestClient &client) : m_client(client) {
        connect(&client, &TestClient::answerReceived, this, &ServerLink::onAnswer);
    }
    bool isAuthorized() const override { return m_authorized; }
    qint64 userId() const override { return m_client.userId(); }
    void setAuthorized(bool authorized) {
        m_authorized = authorized;
        if (authorized) {
            emit this->authorized(false);
            return;
        }
        for (auto it = m_pending.begin(); it != m_pending.end(); it = m_pending.erase(it)) {
            core::RawReply lost;
            lost.connectionLost = true;
            if (it->context)
                it->done(lost);
        }
        emit unauthorized();
    }
    int sentCount(const QString &method) const { return int(m_methods.count(method)); }
    QList<int> differencePageSizes;
    //! Answers to these methods are kept back until releaseHeld(): the test decides in which
    //! order answers that raced on the network reach the feature.
    void holdAnswersOf(const QStringList &methods) { m_holding = methods; }
    int heldCount(const QString &method) const {
        return int(std::count_if(m_held.cbegin(), m_held.cend(),
                                 [&method](const auto &held) { return held.first == method; }));
    }
    //! Delivers the held answers, one after another in one go, in the order of `methods`.
    void releaseHeld(const QStringList &methods) {
        m_holding.clear();
        for (const QString &method : methods)
            for (const auto &[heldMethod, id] : std::as_const(m_held))
                if (heldMethod == method)
                    onAnswer(id);
        m_held.clear();
    }

protected:
    void sendRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                 std::function<void(const core::RawReply &)> done) override {
        m_methods.append(QString(method));
        if (!m_authorized) {
            core::RawReply lost;
            lost.connectionLost = true;
            done(lost);
            return;
        }
        const qint64 id = m_client.sendRequest(method, args);
        m_pending.insert(id, Pending{QString(method), QPointer<QObject>(context), std::move(done)});
    }

private:
    struct Pending {
        QString method;
        QPointer<QObject> context;
        std::function<void(const core::RawReply &)> done;
    };
    void onAnswer(qint64 id) {
        if (!m_pending.contains(id))
            return;
        if (m_holding.contains(m_pending.value(id).method)) {
            m_held.append({m_pending.value(id).method, id});
            return;
        }
        const Pending pending = m_pending.take(id);
        core::RawReply reply;
        if (const auto error = m_client.takeError(id))
            reply.error = *error;
        else
            reply.result = m_client.takeResult(id);
        if (pending.method == api::GetChannelDifference::method && reply.result)
            differencePageSizes.append(int(reply.result->value(L("updates")).toArray().size()));
        if (pending.context)
            pending.done(reply);
    }

    TestClient &m_client;
    bool m_authorized = false;
    QStringList m_methods;
    QHash<qint64, Pending> m_pending;
    QStringList m_holding;
    QList<QPair<QString, qint64>> m_held; // method, request id
};

//! Posts `count` posts at once over connections of `poster` (test::callAtOnce); returns the
//! posts' server ids, or {} when one failed.
QList<qint64> postMany(const QUrl &url, const TestClient &poster, qint64 channelId, int count,
                       const QString &prefix) {
    QList<api::PostToChannel> posts;
    for (int i = 0; i < count; ++i)
        posts.append(api::PostToChannel{channelId, crypto::randomNonZeroInt63(),
                                        QStringLiteral("%1 %2").arg(prefix).arg(i)});
    const auto results = test::callAtOnce(url, poster.token(), posts);
    QList<qint64> ids;
    for (const api::SendResult &result : results.value_or(QList<api::SendResult>{}))
        ids.append(result.message.id);
    return ids;
}

qint64 post(TestClient &poster, qint64 channelId, const QString &text) {
    const auto answer =
        poster.call(api::PostToChannel{channelId, crypto::randomNonZeroInt63(), text});
    return answer.ok() ? answer.value->message.id : 0;
}

QStringList textsOf(const QList<storage::MessageRecord> &messages) {
    QStringList texts;
    for (const auto &m : messages)
        texts.append(m.text);
    return texts;
}

std::optional<storage::ChannelRecord> storedChannel(storage::ProfileStore &store, qint64 id) {
    return test::read(
        store, [id](storage::ReadTransaction &tx) { return storage::ChannelsTable::load(tx, id); });
}

std::optional<storage::ChatRecord> storedChat(storage::ProfileStore &store, qint64 id) {
    return test::read(
        store, [id](storage::ReadTransaction &tx) { return storage::ChatsTable::load(tx, id); });
}

//! Every stored message of the chat, ascending (MessagesTable pages at most 500 at once).
QList<storage::MessageRecord> allMessages(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        QList<storage::MessageRecord> all;
        for (qint64 before = 0;;) {
            const QList<storage::MessageRecord> page =
                storage::MessagesTable::page(tx, chatId, before, 500);
            all = page + all;
            if (page.isEmpty() || page.first().localId == before)
                return all;
            before = page.first().localId;
        }
    });
}

qint64 serverPts(TestClient &client, qint64 channelId) {
    const auto got = client.call(api::GetChannel{channelId});
    return got.ok() ? got.value->channel.pts : -1;
}
} // namespace

class TstChannelSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void aSubscriberFollowsLiveCatchesUpOnAThousandAndLeaves() {
        ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        const auto created = olga.call(api::CreateChannel{1, QStringLiteral("Firehose"),
                                                          QStringLiteral("Everything, at once"),
                                                          QStringLiteral("firehose")});
        MSGR_VERIFY_OK(created);
        const qint64 channel = created.value->channel.id;

        QTemporaryDir dir;
        auto laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                        QStringLiteral("tst_channel_sync"));
        QVERIFY(laptop->opened);
        laptop->start();
        laptop->engine->signUp(QStringLiteral("sam"), kPassword, QStringLiteral("Sam"));
        test::awaitCondition([&] { return laptop->syncs > 0 && laptop->userId > 0; },
                             "sam signed up and in sync");
        QHash<qint64, qint64> channelPts; // what the engine reported synced
        auto watch = [&channelPts](test::ClientApp &app) {
            QObject::connect(app.engine, &core::SyncEngine::channelSynced, &app,
                             [&channelPts](qint64 id, qint64 pts) { channelPts[id] = pts; });
        };
        watch(*laptop);

        // Subscribed here: the channel is a chat of kind 2 with its opening service message.
        const auto subscribed =
            test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
                laptop->engine->subscribeChannel(channel, ctx, done);
            });
        QVERIFY2(subscribed.ok(), qPrintable(subscribed.code));
        QCOMPARE(subscribed.channels.size(), 1);
        QCOMPARE(subscribed.channels.first().subscriberCount, qint64(2));
        test::awaitCondition([&] { return channelPts.value(channel) == serverPts(olga, channel); },
                             "the channel's log followed from its pts");
        const auto chat = storedChat(laptop->store, channel);
        QVERIFY(chat);
        QCOMPARE(chat->kind, storage::ChatKind::Channel);
        QCOMPARE(chat->title, QStringLiteral("Firehose"));
        QCOMPARE(test::messages(laptop->store, channel).size(), 1); // "channel created"

        // Live while online.
        QVERIFY(post(olga, channel, QStringLiteral("live one")) > 0);
        QVERIFY(post(olga, channel, QStringLiteral("live two")) > 0);
        test::awaitCondition(
            [&] {
                return textsOf(test::messages(laptop->store, channel)).mid(1) ==
                       QStringList{QStringLiteral("live one"), QStringLiteral("live two")};
            },
            "both live posts stored, in order");
        test::awaitCondition(
            [&] {
                const auto row = storedChannel(laptop->store, channel);
                return row && row->pts == serverPts(olga, channel);
            },
            "the channel's pts stored with its posts");
        const qint64 ptsBefore = storedChannel(laptop->store, channel)->pts;

        // Closed for 1,000 posts; the stored channel pts is still there when it opens again.
        laptop.reset();
        const QList<qint64> bulk =
            postMany(server.wsUrl(), olga, channel, 1000, QStringLiteral("bulk"));
        QCOMPARE(bulk.size(), 1000);
        laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                   QStringLiteral("tst_channel_sync"));
        QVERIFY(laptop->opened);
        QCOMPARE(storedChannel(laptop->store, channel)->pts, ptsBefore);
        channelPts.clear();
        watch(*laptop);
        laptop->start();
        const qint64 target = serverPts(olga, channel);
        QCOMPARE(target, ptsBefore + 1000);
        test::awaitCondition([&] { return channelPts.value(channel) == target; },
                             "caught up through the channel's own difference");
        const QList<storage::MessageRecord> stored = allMessages(laptop->store, channel);
        QCOMPARE(stored.size(), 1003);
        QList<qint64> storedBulk;
        for (const storage::MessageRecord &m : stored)
            if (m.text.startsWith(QStringLiteral("bulk ")))
                storedBulk.append(m.serverId);
        QList<qint64> expected = bulk;
        std::sort(expected.begin(), expected.end()); // the channel's order is its ids'
        QCOMPARE(storedBulk, expected);
        QCOMPARE(storedChannel(laptop->store, channel)->pts, target);
        QCOMPARE(storedChat(laptop->store, channel)->unreadCount, 1002); // none read here

        // Unsubscribed: the chat goes, and a later post is not stored, while a private message
        // sent after it is (the same connection hears both, in order).
        const auto left = test::awaitChannelOutcome([&](QObject *ctx, core::ChannelDone done) {
            laptop->engine->unsubscribeChannel(channel, ctx, done);
        });
        QVERIFY2(left.ok(), qPrintable(left.code));
        test::awaitCondition([&] { return !storedChat(laptop->store, channel).has_value(); },
                             "the channel's chat removed");
        QVERIFY(post(olga, channel, QStringLiteral("after leaving")) > 0);
        const auto opened = olga.call(api::OpenPrivateChat{laptop->userId});
        MSGR_VERIFY_OK(opened);
        QVERIFY(test::sendAs(olga, opened.value->chat.id, QStringLiteral("still there?")) > 0);
        test::awaitCondition(
            [&] {
                return textsOf(test::messages(laptop->store, opened.value->chat.id))
                    .contains(QStringLiteral("still there?"));
            },
            "the private message after the post stored");
        QVERIFY(!textsOf(allMessages(laptop->store, channel))
                     .contains(QStringLiteral("after leaving")));
        QVERIFY(!storedChannel(laptop->store, channel));
    }

    void aChannelLeftWhileItsReloadWasAnsweredStaysGone() {
        // Subscribing starts the channel's log with a reload (channels.get, then its newest
        // posts). Under load the page's answer can come after the leave's: the leave's removal
        // is queued in the store first, and the page must not bring the chat back.
        ServerProcess server;
        QVERIFY(server.start());
        TestClient olga, sam;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(sam.connectTo(server.wsUrl()));
        QVERIFY(!sam.signUp(QStringLiteral("sam"), kPassword).isEmpty());
        const auto created = olga.call(
            api::CreateChannel{1, QStringLiteral("Rockets"), {}, QStringLiteral("rockets")});
        MSGR_VERIFY_OK(created);
        const qint64 channel = created.value->channel.id;
        QVERIFY(post(olga, channel, QStringLiteral("lift-off")) > 0);

        test::TempStore temp;
        QVERIFY(temp.open());
        ServerLink link(sam);
        core::ChannelSynchronisers followers(&link, &temp.store);
        core::ChannelService service(&link, &temp.store, &followers);
        link.setAuthorized(true);

        const QString history = QStringLiteral("channels.history");
        const QString unsubscribe = QStringLiteral("channels.unsubscribe");
        link.holdAnswersOf({history, unsubscribe});
        std::optional<core::ChannelOutcome> subscribed;
        service.subscribe(channel, [&](const core::ChannelOutcome &o) { subscribed = o; });
        test::awaitCondition([&] { return subscribed.has_value(); }, "subscribed");
        QVERIFY2(subscribed->ok(), qPrintable(subscribed->code));
        QVERIFY(storedChat(temp.store, channel));
        test::awaitCondition([&] { return link.heldCount(history) == 1; },
                             "the reload's page answered while still subscribed");
        std::optional<core::ChannelOutcome> left;
        service.unsubscribe(channel, [&](const core::ChannelOutcome &o) { left = o; });
        test::awaitCondition([&] { return link.heldCount(unsubscribe) == 1; },
                             "the leave answered");
        // The leave's answer first (its removal queued), then the page's, before either is
        // stored: the order a loaded client saw.
        link.releaseHeld({unsubscribe, history});
        test::awaitCondition([&] { return left.has_value(); }, "the leave stored");
        QVERIFY2(left->ok(), qPrintable(left->code));
        test::flush(temp.store);
        QVERIFY(!storedChannel(temp.store, channel));
        QVERIFY(!storedChat(temp.store, channel));
        QVERIFY(test::messages(temp.store, channel).isEmpty());
        QCOMPARE(followers.position(channel), qint64(-1));
    }

    void aSupergroupsRepliesEditsAndDeletionsReachTheStore() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient olga;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QTemporaryDir dir;
        auto laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                        QStringLiteral("tst_channel_sync"));
        QVERIFY(laptop->opened);
        laptop->start();
        laptop->engine->signUp(QStringLiteral("sam"), kPassword, QStringLiteral("Sam"));
        test::awaitCondition([&] { return laptop->syncs > 0 && laptop->userId > 0; },
                             "sam signed up and in sync");
        const auto created =
            olga.call(api::CreateSupergroup{1, QStringLiteral("Crew"), {laptop->userId}});
        MSGR_VERIFY_OK(created);
        const qint64 chat = created.value->channel.id;
        const auto question =
            olga.call(api::SendMessage{chat, 10, QStringLiteral("who brings bread?")});
        MSGR_VERIFY_OK(question);
        const qint64 questionId = question.value->message.id;
        test::awaitCondition(
            [&] {
                return textsOf(test::messages(laptop->store, chat))
                    .contains(QStringLiteral("who brings bread?"));
            },
            "the supergroup followed from its log");

        // Sam's reply, queued as the composer queues it, reaches the server with its quote.
        const qint64 selfId = laptop->userId;
        const auto pending = test::await<storage::MessageRecord>([&](QObject *ctx, auto done) {
            laptop->store.writeReturning(
                [=, date = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                    return core::SyncWrites::enqueueOutgoing(tx, chat, selfId, QStringLiteral("me"),
                                                             77, date, {}, questionId);
                },
                ctx, done);
        });
        laptop->engine->sendPending(pending);
        QTRY_COMPARE_WITH_TIMEOUT(laptop->sent.size(), 1, 20'000);
        const auto history = olga.call(api::GetChannelHistory{chat, 0, 10});
        MSGR_VERIFY_OK(history);
        QCOMPARE(history.value->messages.last().text, QStringLiteral("me"));
        QVERIFY(history.value->messages.last().replyTo);
        QCOMPARE(history.value->messages.last().replyTo->messageId, questionId);

        // Live: olga's edit and deletion are applied to the stored messages.
        MSGR_VERIFY_OK(olga.call(api::EditMessage{chat, questionId, QStringLiteral("who?")}));
        test::awaitCondition(
            [&] {
                return textsOf(test::messages(laptop->store, chat))
                    .contains(QStringLiteral("who?"));
            },
            "the live edit applied");
        const auto doomed = olga.call(api::SendMessage{chat, 11, QStringLiteral("oops")});
        MSGR_VERIFY_OK(doomed);
        test::awaitCondition(
            [&] {
                return textsOf(test::messages(laptop->store, chat))
                    .contains(QStringLiteral("oops"));
            },
            "the message to delete stored");
        MSGR_VERIFY_OK(olga.call(
            api::DeleteMessages{chat, {doomed.value->message.id}, api::DeleteScope::Everyone}));
        test::awaitCondition(
            [&] {
                return !textsOf(test::messages(laptop->store, chat))
                            .contains(QStringLiteral("oops"));
            },
            "the live deletion applied");

        // Closed meanwhile: the edit and the deletion come from the supergroup's own log.
        laptop.reset();
        MSGR_VERIFY_OK(olga.call(api::EditMessage{chat, questionId, QStringLiteral("bread?")}));
        const auto later = olga.call(api::SendMessage{chat, 12, QStringLiteral("gone later")});
        MSGR_VERIFY_OK(later);
        MSGR_VERIFY_OK(olga.call(
            api::DeleteMessages{chat, {later.value->message.id}, api::DeleteScope::Everyone}));
        laptop = std::make_unique<test::ClientApp>(dir.path(), server.wsUrl(),
                                                   QStringLiteral("tst_channel_sync"));
        QVERIFY(laptop->opened);
        laptop->start();
        const qint64 target = serverPts(olga, chat);
        test::awaitCondition(
            [&] {
                const auto row = storedChannel(laptop->store, chat);
                return row && row->pts == target;
            },
            "caught up through the supergroup's log");
        const QStringList texts = textsOf(test::messages(laptop->store, chat));
        QVERIFY(texts.contains(QStringLiteral("bread?")));
        QVERIFY(!texts.contains(QStringLiteral("who?")));
        QVERIFY(!texts.contains(QStringLiteral("gone later")));
    }

    void aGapIsFilledByTheDifferenceAndACatchUpComesInPages() {
        ServerProcess server(kServerArgs);
        QVERIFY(server.start());
        TestClient olga, sam;
        QVERIFY(olga.connectTo(server.wsUrl()));
        QVERIFY(!olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(sam.connectTo(server.wsUrl()));
        QVERIFY(!sam.signUp(QStringLiteral("sam"), kPassword).isEmpty());
        const auto created =
            olga.call(api::CreateChannel{1, QStringLiteral("Gaps"), {}, QStringLiteral("gaps")});
        MSGR_VERIFY_OK(created);
        const qint64 channel = created.value->channel.id;
        const auto subscribed = sam.call(api::SubscribeChannel{channel});
        MSGR_VERIFY_OK(subscribed);

        test::TempStore temp;
        QVERIFY(temp.open());
        const api::Channel asSeen = subscribed.value->channel;
        temp.store.write(
            [asSeen](storage::WriteTransaction &tx) { core::ChannelsSync::store(tx, asSeen); });
        ServerLink link(sam);
        core::ChannelSynchronisers followers(&link, &temp.store);
        QSignalSpy synced(&followers, &core::ChannelSynchronisers::channelSynced);
        link.setAuthorized(true);
        QVERIFY(synced.wait());
        QCOMPARE(synced.last().at(0).toLongLong(), channel);
        QCOMPARE(link.sentCount(QStringLiteral("channels.list")), 1);
        QCOMPARE(link.sentCount(QStringLiteral("channels.history")), 1); // nothing stored yet
        const qint64 start = followers.position(channel);
        QCOMPARE(start, serverPts(olga, channel));

        // Five live posts; the second one's push is lost on the way.
        (void)sam.takeUpdates();
        for (int i = 0; i < 5; ++i)
            QVERIFY(post(olga, channel, QStringLiteral("live %1").arg(i)) > 0);
        QVERIFY(sam.waitForUpdates(5));
        const QList<protocol::UpdateFrame> pushes =
            test::updatesOfType(sam.takeUpdates(), L("channelUpdate"));
        QCOMPARE(pushes.size(), 5);
        const int differencesBefore = link.sentCount(QStringLiteral("channels.getDifference"));
        for (int i = 0; i < pushes.size(); ++i)
            if (i != 1)
                QVERIFY(followers.offer(pushes[i]));
        test::awaitCondition([&] { return followers.position(channel) == start + 5; },
                             "the gap filled");
        QCOMPARE(link.sentCount(QStringLiteral("channels.getDifference")), differencesBefore + 1);
        QCOMPARE(textsOf(test::messages(temp.store, channel)).mid(1),
                 (QStringList{QStringLiteral("live 0"), QStringLiteral("live 1"),
                              QStringLiteral("live 2"), QStringLiteral("live 3"),
                              QStringLiteral("live 4")}));

        // Offline for 250 posts: back online, the difference comes in pages of at most 100.
        link.setAuthorized(false);
        QCOMPARE(postMany(server.wsUrl(), olga, channel, 250, QStringLiteral("away")).size(), 250);
        link.differencePageSizes.clear();
        synced.clear();
        link.setAuthorized(true);
        test::awaitCondition([&] { return followers.position(channel) == start + 255; },
                             "caught up after 250 posts");
        QCOMPARE(link.differencePageSizes, (QList<int>{100, 100, 50}));
        QCOMPARE(allMessages(temp.store, channel).size(), 1 + 5 + 250);
        test::flush(temp.store);
        QCOMPARE(storedChannel(temp.store, channel)->pts, start + 255);
        // A push of an entry already applied changes nothing.
        QVERIFY(followers.offer(pushes.last()));
        QCOMPARE(followers.position(channel), start + 255);
        // A frame of the account log is not the channels'.
        QVERIFY(!followers.offer(protocol::UpdateFrame{7, QCborMap{{L("type"), L("readInbox")}}}));
    }
};

QTEST_GUILESS_MAIN(TstChannelSync)
#include "tst_channel_sync.moc"
