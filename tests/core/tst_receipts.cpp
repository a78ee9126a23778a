// Delivery receipts and read marks (core/receipts/) alone, over a fake request channel and a
// real encrypted store: a large catch-up costs one receipt per chat, our own messages are not
// receipted, a receipt lost with the link is sent after it, and a read mark stays pending (also
// across a restart) until the server acknowledges it.
#include "core/receipts/delivery_receipts.h"
#include "core/receipts/read_marks.h"
#include "core_test_helpers.h"
#include "protocol/api/messages.h"
#include "tests/support/fake_request_channel.h"

#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;

namespace {
constexpr qint64 kSelf = 1;

QList<protocol::LoggedUpdate> messagesInto(qint64 chatId, qint64 sender, qint64 firstId,
                                           int count) {
    QList<protocol::LoggedUpdate> out;
    for (int i = 0; i < count; ++i) {
        protocol::Message m{firstId + i, chatId, sender, 1'700'000'000'000, QStringLiteral("m"), 0};
        out.append({firstId + i, protocol::NewMessageUpdate{m}});
    }
    return out;
}

QHash<qint64, qint64> receiptsIn(const test::FakeRequestChannel &channel) {
    QHash<qint64, qint64> out; // chat -> max id, of the requests waiting
    for (const auto &sent : channel.pending()) {
        if (sent.method == api::MarkReceived::method) {
            const auto r = api::MarkReceived::decode(sent.args).value.value_or(api::MarkReceived{});
            out.insert(r.chatId, r.maxId);
        }
    }
    return out;
}
} // namespace

class TstReceipts : public QObject {
    Q_OBJECT
    std::unique_ptr<test::TempStore> m_temp;
    storage::ProfileStore *m_store = nullptr;

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

    void catchUpCostsOneReceiptPerChatAndSkipsOurOwn() {
        test::FakeRequestChannel channel;
        channel.setAuthorized(true, kSelf);
        core::DeliveryReceipts receipts(&channel);
        // 10 slices of 100 messages over 3 chats, as a large difference is stored.
        for (int slice = 0; slice < 10; ++slice) {
            receipts.noteApplied(messagesInto(10, 2, 1 + slice * 100, 60));
            receipts.noteApplied(messagesInto(20, 3, 10'001 + slice * 100, 40));
        }
        receipts.noteApplied(messagesInto(30, kSelf, 50'000, 5)); // our own: no receipt
        test::awaitCondition([&] { return channel.pendingCount() > 0; }, "the coalesced receipts");
        const QHash<qint64, qint64> sent = receiptsIn(channel);
        QCOMPARE(channel.pendingCount(), 2);
        QCOMPARE(sent.value(10), 1 + 9 * 100 + 59);
        QCOMPARE(sent.value(20), 10'001 + 9 * 100 + 39);
        QVERIFY(!sent.contains(30));
    }

    void receiptLostWithTheLinkIsSentAfterIt() {
        test::FakeRequestChannel channel;
        channel.setAuthorized(true, kSelf);
        core::DeliveryReceipts receipts(&channel);
        receipts.noteApplied(messagesInto(10, 2, 7, 1));
        test::awaitCondition([&] { return channel.pendingCount() == 1; }, "the receipt");
        channel.setAuthorized(false); // answered connectionLost
        channel.setAuthorized(true, kSelf);
        test::awaitCondition([&] { return channel.pendingCount() == 1; }, "the receipt again");
        QCOMPARE(receiptsIn(channel).value(10), 7);
    }

    void readMarkStaysPendingUntilAcknowledgedAcrossARestart() {
        {
            test::FakeRequestChannel channel; // offline
            core::ReadMarks marks(&channel, m_store);
            marks.start();
            marks.markRead(10, 42);
            QCOMPARE(channel.pendingCount(), 0);
        }
        test::flush(*m_store);
        // Restart: the mark comes back from the store and is sent once signed in.
        test::FakeRequestChannel channel;
        core::ReadMarks marks(&channel, m_store);
        marks.start();
        test::flush(*m_store);
        channel.setAuthorized(true, kSelf);
        test::awaitCondition([&] { return channel.pendingCount() == 1; }, "the read mark");
        const auto sent = api::MarkRead::decode(channel.pending().first().args).value;
        QVERIFY(sent);
        QCOMPARE(sent->chatId, 10);
        QCOMPARE(sent->maxId, 42);
        channel.answer(api::PtsResult{5}.toCbor());
        test::flush(*m_store);
        QVERIFY(test::read(*m_store, [](storage::ReadTransaction &tx) {
                    return storage::SyncStateTable::pendingReads(tx);
                }).isEmpty());
    }

    void readMarkThatFailsRetryablyStaysPending() {
        test::FakeRequestChannel channel;
        core::ReadMarks marks(&channel, m_store);
        channel.setAuthorized(true, kSelf);
        marks.markRead(10, 9);
        QCOMPARE(channel.pendingCount(), 1);
        channel.fail(protocol::ErrorCode::Internal);
        test::flush(*m_store);
        const QHash<qint64, qint64> pending =
            test::read(*m_store, [](storage::ReadTransaction &tx) {
                return storage::SyncStateTable::pendingReads(tx);
            });
        QCOMPARE(pending.value(10), 9);
    }
};

QTEST_GUILESS_MAIN(TstReceipts)
#include "tst_receipts.moc"
