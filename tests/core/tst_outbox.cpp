// The outbox (core/outbox/outbox.h) alone, over a fake request channel and a real encrypted
// profile store: order per chat, the same random id on every resend, FLOOD_WAIT waited out, a
// refusal stored as failed and never resent, also after a restart; the stored outbox sent at
// start as each chat's kind wants (channels.post for a channel).
#include "core/outbox/outbox.h"
#include "core_test_helpers.h"
#include "protocol/api/channels.h"
#include "protocol/api/messages.h"
#include "storage/tables/channels_table.h"
#include "tests/support/fake_request_channel.h"

#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;

namespace {
constexpr qint64 kSelf = 1;

api::SendMessage sentAt(const test::FakeRequestChannel &channel, qsizetype i) {
    const auto decoded = api::SendMessage::decode(channel.pending().at(i).args);
    return decoded.value.value_or(api::SendMessage{});
}

QCborMap accepted(const api::SendMessage &sent, qint64 serverId) {
    api::SendResult result;
    result.message = {serverId, sent.chatId, kSelf, 1'700'000'000'000, sent.text, 0};
    result.message.randomId = sent.randomId;
    result.pts = serverId;
    return result.toCbor();
}
} // namespace

class TstOutbox : public QObject {
    Q_OBJECT
    std::unique_ptr<test::TempStore> m_temp;
    storage::ProfileStore *m_store = nullptr;
    qint64 m_nextRandom = 1000;

    //! The outbox queues a handed message once the store said whether its chat is a channel
    //! (a read): every read posted before this one has answered, so what was handed is queued.
    void queued() { test::flush(*m_store); }

    //! Stores `chatId` as a subscribed channel, or a supergroup (`megagroup`).
    void storeChannel(qint64 chatId, bool megagroup) {
        storage::ChannelRecord channel;
        channel.chatId = chatId;
        channel.megagroup = megagroup;
        m_store->write([channel](storage::WriteTransaction &tx) {
            storage::ChannelsTable::storeInfo(tx, channel);
        });
    }

    storage::MessageRecord enqueue(qint64 chatId, const QString &text) {
        const qint64 randomId = ++m_nextRandom;
        return test::await<storage::MessageRecord>([&](QObject *ctx, auto done) {
            m_store->writeReturning(
                [=](storage::WriteTransaction &tx) {
                    return core::SyncWrites::enqueueOutgoing(tx, chatId, kSelf, text, randomId,
                                                             1'700'000'000'000);
                },
                ctx, done);
        });
    }

private slots:
    void init() {
        m_temp = std::make_unique<test::TempStore>();
        QVERIFY(m_temp->open());
        m_store = &m_temp->store;
    }
    void cleanup() {
        m_store = nullptr;
        m_temp.reset();
    }

    void oneSendInFlightPerChatChatsIndependent() {
        test::FakeRequestChannel channel;
        core::Outbox outbox(&channel, m_store);
        QSignalSpy sent(&outbox, &core::Outbox::messageSent);
        for (int i = 0; i < 3; ++i)
            outbox.send(enqueue(10, QStringLiteral("a%1").arg(i)));
        outbox.send(enqueue(20, QStringLiteral("b0")));
        queued();
        QCOMPARE(channel.pendingCount(), 0); // offline: nothing sent, all kept
        channel.setAuthorized(true, kSelf);
        QCOMPARE(channel.pendingCount(), 2); // the head of each chat
        QCOMPARE(sentAt(channel, 0).text, QStringLiteral("a0"));
        QCOMPARE(sentAt(channel, 1).text, QStringLiteral("b0"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(sentAt(channel, 0).text, QStringLiteral("a%1").arg(i));
            channel.answer(accepted(sentAt(channel, 0), 100 + i));
            if (i == 0)
                channel.answer(accepted(sentAt(channel, 0), 200)); // b0
        }
        QCOMPARE(channel.pendingCount(), 0);
        QCOMPARE(sent.size(), 4);
        test::flush(*m_store);
        QVERIFY(test::outbox(*m_store).isEmpty());
    }

    void lostLinkResendsWithTheSameRandomId() {
        test::FakeRequestChannel channel;
        core::Outbox outbox(&channel, m_store);
        channel.setAuthorized(true, kSelf);
        outbox.send(enqueue(10, QStringLiteral("hello")));
        queued();
        QCOMPARE(channel.pendingCount(), 1);
        const api::SendMessage first = sentAt(channel, 0);
        channel.setAuthorized(false); // answered connectionLost
        channel.setAuthorized(true, kSelf);
        QCOMPARE(channel.pendingCount(), 1);
        QCOMPARE(sentAt(channel, 0).randomId, first.randomId);
        QCOMPARE(sentAt(channel, 0).text, first.text);
    }

    void floodWaitIsWaitedOutThenSent() {
        test::FakeRequestChannel channel;
        core::Outbox outbox(&channel, m_store);
        channel.setAuthorized(true, kSelf);
        outbox.send(enqueue(10, QStringLiteral("slow down")));
        queued();
        channel.fail(protocol::ErrorCode::FloodWait);
        QCOMPARE(channel.pendingCount(), 0);
        test::awaitCondition([&] { return channel.pendingCount() == 1; }, "the retried send");
        QCOMPARE(sentAt(channel, 0).text, QStringLiteral("slow down"));
    }

    // At start the stored outbox goes out with its chats' kinds read at once: a channel's posts
    // as channels.post, a supergroup's and a chat's messages as messages.send, each chat in the
    // order written.
    void theStoredOutboxGoesOutAtStartAsEachChatsKindWants() {
        storeChannel(20, false);
        storeChannel(30, true);
        enqueue(20, QStringLiteral("post one"));
        enqueue(10, QStringLiteral("to a chat"));
        enqueue(20, QStringLiteral("post two"));
        enqueue(30, QStringLiteral("to a supergroup"));
        test::FakeRequestChannel channel;
        core::Outbox outbox(&channel, m_store);
        channel.setAuthorized(true, kSelf);
        outbox.start();
        test::awaitCondition([&] { return channel.pendingCount() == 3; }, "one send per chat");
        QMap<QString, QString> firstByText; // text -> method
        for (const auto &sent : channel.pending())
            firstByText.insert(sent.args.value(QStringLiteral("text")).toString(), sent.method);
        QCOMPARE(firstByText.value(QStringLiteral("post one")),
                 QString(api::PostToChannel::method));
        QCOMPARE(firstByText.value(QStringLiteral("to a chat")), QString(api::SendMessage::method));
        QCOMPARE(firstByText.value(QStringLiteral("to a supergroup")),
                 QString(api::SendMessage::method));
        QVERIFY(!firstByText.contains(QStringLiteral("post two"))); // after post one
    }

    void refusedMessageIsFailedForGoodAlsoAfterRestart() {
        storage::MessageRecord refused;
        {
            test::FakeRequestChannel channel;
            core::Outbox outbox(&channel, m_store);
            QSignalSpy failed(&outbox, &core::Outbox::sendFailed);
            channel.setAuthorized(true, kSelf);
            refused = enqueue(10, QStringLiteral("not allowed"));
            outbox.send(refused);
            outbox.send(enqueue(10, QStringLiteral("next one")));
            queued();
            channel.fail(protocol::ErrorCode::Forbidden, QStringLiteral("not a member"));
            QCOMPARE(failed.size(), 1);
            QCOMPARE(failed.first().first().toLongLong(), refused.localId);
            // The chat's queue goes on with the next message.
            QCOMPARE(channel.pendingCount(), 1);
            QCOMPARE(sentAt(channel, 0).text, QStringLiteral("next one"));
            channel.setAuthorized(false);
        }
        test::flush(*m_store);
        // A restart: the stored outbox is queued again, except the refused message.
        test::FakeRequestChannel channel;
        core::Outbox outbox(&channel, m_store);
        channel.setAuthorized(true, kSelf);
        outbox.start();
        test::awaitCondition([&] { return channel.pendingCount() == 1; }, "the resend");
        QCOMPARE(sentAt(channel, 0).text, QStringLiteral("next one"));
        for (const auto &s : channel.history())
            QVERIFY(api::SendMessage::decode(s.args).value->randomId != refused.randomId);
    }
};

QTEST_GUILESS_MAIN(TstOutbox)
#include "tst_outbox.moc"
