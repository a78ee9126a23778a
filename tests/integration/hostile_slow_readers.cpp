// The catalogue's peers that never read (docs/server.md): each is dropped once its queue passes
// --queue-drop-bytes or a frame is not taken within --write-timeout-ms, the server's memory
// stays bounded meanwhile, and every acknowledged send is stored exactly once.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "tests/integration/hostile_catalogue.h"
#include "tests/integration/hostile_peer.h"
#include "tests/support/message_pump.h"
#include "tests/support/update_helpers.h"

#include <QTest>

namespace msgr::test::hostile {
namespace {
namespace api = msgr::protocol::api;
namespace proto = msgr::protocol;

enum SlowReader : int {
    SlowMessagedByOthers,
    SlowAsksHistoryPages,
    SlowAsksDifferences,
};
// The slow-reader server drops a peer past 2 MiB queued (the minimum) or after a frame was not
// taken for 3 s.
constexpr int kQueueDropBytes = 2 * kMiB;
constexpr int kWriteTimeoutMs = 3000;
constexpr int kSenders = 4;
constexpr int kMessagesPerSender = 300;
constexpr int kPrefillMessages = 120;
// Requests per second of a non-reading requester: inside the rate limit (50/s).
constexpr int kRequestIntervalMs = 25;
constexpr int kDropWithinMs = 30'000;
constexpr int kSampleMs = 200;
// A small receive window for the peer that never reads.
constexpr int kTinyReceiveBuffer = 4096;

QString bigText(int n) {
    // 4,000 CJK characters: 12 KB of UTF-8, inside the 4,096-character limit.
    return QString(4000, QChar(0x4E2D)) + QStringLiteral("#%1").arg(n);
}

//! Counts a chat's messages page by page (pages may be cut by size: `final` says when done).
qint64 countMessages(TestClient &client, qint64 chatId) {
    qint64 count = 0;
    qint64 beforeId = 0;
    for (;;) {
        const auto r =
            callPatiently(client, api::GetHistory{chatId, beforeId, proto::kMaxHistoryLimit});
        if (!r.ok())
            return -1;
        const QList<protocol::Message> &page = r.value->messages;
        count += page.size();
        if (page.isEmpty() || r.value->final.value_or(false))
            return count;
        beforeId = page.first().id;
    }
}
} // namespace

bool HostileCatalogue::setUpSlowReaders() {
    m_slow = startTarget({QStringLiteral("--queue-drop-bytes"), QString::number(kQueueDropBytes),
                          QStringLiteral("--write-timeout-ms"), QString::number(kWriteTimeoutMs)});
    if (!m_slow)
        return false;
    QString why;
    auto reader =
        signedUpClient(m_slow->server, QStringLiteral("reader"), kCataloguePassword, &why);
    if (!reader)
        return false;
    m_readerToken = reader->token();
    for (int i = 0; i < kSenders; ++i) {
        auto sender = signedUpClient(m_slow->server, QStringLiteral("sender%1").arg(i),
                                     kCataloguePassword, &why);
        if (!sender)
            return false;
        const auto opened = sender->call(api::OpenPrivateChat{reader->userId()});
        const qint64 chat = opened.ok() ? opened.value->chat.id : 0;
        if (chat <= 0)
            return false;
        m_senderTokens << sender->token();
        m_senderChats << chat;
        m_senderMessages << 0;
    }
    // History for the paging rows: more than a page of long messages.
    auto sender = resumed(*m_slow, m_senderTokens.first());
    MessagePump prefill(*sender, m_senderChats.first(), bigText(0).chopped(2));
    prefill.start(kPrefillMessages);
    if (!prefill.waitFinished(60'000))
        return false;
    m_senderMessages[0] = prefill.acknowledged();
    return true;
}

void HostileCatalogue::slowReaders_data() {
    QTest::addColumn<int>("action");
    QTest::newRow("slow reader: never reads while 4 senders message it")
        << int(SlowMessagedByOthers);
    QTest::newRow("slow reader: never reads, asks history pages") << int(SlowAsksHistoryPages);
    QTest::newRow("slow reader: never reads, asks getDifference slices")
        << int(SlowAsksDifferences);
}

void HostileCatalogue::slowReaders() {
    QFETCH(int, action);
    if (!m_slow)
        QVERIFY2(setUpSlowReaders(), "cannot set up the slow-reader server");
    slowReaderRow(action);
    if (QTest::currentTestFailed())
        return;
    const QString health = stillServing(*m_slow);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

void HostileCatalogue::slowReaderRow(int action) {
    Target &target = *m_slow;
    const quint16 port = target.server.wsPort();
    const QByteArray droppedMetric = "msgr_slow_consumers_dropped_total";
    const qint64 droppedBefore = metricValue(port, droppedMetric);
    QVERIFY(droppedBefore >= 0);

    RawPeer reader;
    RawPeer::Options options;
    options.receiveBufferBytes = kTinyReceiveBuffer;
    options.readBufferBytes = kTinyReceiveBuffer;
    QVERIFY(reader.connectTo(port, options));
    QVERIFY(reader.upgrade());
    QVERIFY(reader.hello());
    QString code;
    QVERIFY2(reader.call(api::Resume{m_readerToken}, &code), qPrintable(code));
    reader.stopReading(); // from here on the reader reads nothing at all

    std::vector<std::unique_ptr<TestClient>> senders;
    std::vector<std::unique_ptr<MessagePump>> pumps;
    if (action == SlowMessagedByOthers) {
        for (int i = 0; i < kSenders; ++i) {
            senders.push_back(resumed(target, m_senderTokens[i]));
            QVERIFY(senders.back());
            pumps.push_back(std::make_unique<MessagePump>(*senders.back(), m_senderChats[i],
                                                          bigText(i).chopped(2)));
            pumps.back()->start(kMessagesPerSender);
        }
    }

    const qint64 rssStart = target.probe.rss();
    qint64 rssPeak = rssStart;
    qint64 dropped = droppedBefore;
    QElapsedTimer since;
    since.start();
    QElapsedTimer sampled;
    sampled.start();
    while (since.elapsed() < kDropWithinMs && dropped == droppedBefore) {
        if (action == SlowAsksHistoryPages)
            reader.sendRequest(api::GetHistory{m_senderChats.first(), 0, proto::kMaxHistoryLimit});
        else if (action == SlowAsksDifferences)
            reader.sendRequest(api::GetDifference{0, proto::kMaxDifferenceSlice});
        QTest::qWait(kRequestIntervalMs);
        if (sampled.elapsed() >= kSampleMs) {
            sampled.restart();
            rssPeak = qMax(rssPeak, target.probe.rss());
            dropped = metricValue(port, droppedMetric);
        }
    }
    for (auto &pump : pumps)
        pump->stop();
    QVERIFY2(dropped > droppedBefore,
             qPrintable(QStringLiteral("the non-reading peer was not dropped within %1 ms")
                            .arg(kDropWithinMs)));
    qInfo("dropped after %lld ms; server VmRSS %lld -> peak %lld MiB", since.elapsed(),
          rssStart / kMiB, rssPeak / kMiB);
    QVERIFY2(rssPeak - rssStart < kRssGrowthBound,
             qPrintable(QStringLiteral("VmRSS grew by %1 MiB").arg((rssPeak - rssStart) / kMiB)));

    // Every acknowledged send is stored once, nothing else (the drop cut no write in half).
    for (size_t i = 0; i < pumps.size(); ++i) {
        QVERIFY2(pumps[i]->waitFinished(60'000), "a sender's messages were not all answered");
        QCOMPARE(pumps[i]->failures(), 0);
        m_senderMessages[qsizetype(i)] += pumps[i]->acknowledged();
        QCOMPARE(countMessages(*senders[i], m_senderChats[qsizetype(i)]),
                 m_senderMessages[qsizetype(i)]);
    }
}

} // namespace msgr::test::hostile

namespace msgr::test::hostile {
namespace {
// The stuck-write server pauses a peer's reading only past 8 MiB queued: far more than the
// kernel buffers of one loopback connection hold (the server's send buffer grows to ~1.5 MB
// at connect), so the server keeps reading while its batch write cannot finish.
constexpr qint64 kStuckPauseBytes = 8 * kMiB;
constexpr qint64 kStuckDropBytes = 16 * kMiB;
constexpr int kStuckWriteTimeoutMs = 60'000;
constexpr int kStuckHistoryMessages = 200; // ~2.4 MB of 12 KB texts
constexpr int kStuckPages = 4;             // history pages asked without reading: ~4 MB
constexpr int kStuckPings = 10;
constexpr int kStuckPingIntervalMs = 100;
} // namespace

// A pong (a write of Beast's own) that has to wait for a batch of frames still being written
// (frame_boundary_stream.h, the held write). On Boost 1.81 storing that held write by move
// assignment of any_completion_handler recursed until the io thread's stack overflowed: the
// server died (the msgr-io segfaults at the end of loaded benchmark runs).
void HostileCatalogue::pingBehindStuckWrite() {
    auto target =
        startTarget({QStringLiteral("--queue-pause-bytes"), QString::number(kStuckPauseBytes),
                     QStringLiteral("--queue-drop-bytes"), QString::number(kStuckDropBytes),
                     QStringLiteral("--write-timeout-ms"), QString::number(kStuckWriteTimeoutMs)});
    QVERIFY(target);
    QString why;
    auto reader =
        signedUpClient(target->server, QStringLiteral("pingreader"), kCataloguePassword, &why);
    QVERIFY2(reader, qPrintable(why));
    auto sender =
        signedUpClient(target->server, QStringLiteral("pingsender"), kCataloguePassword, &why);
    QVERIFY2(sender, qPrintable(why));
    const auto opened = sender->call(api::OpenPrivateChat{reader->userId()});
    QVERIFY(opened.ok());
    const qint64 chat = opened.value->chat.id;
    MessagePump pump(*sender, chat, bigText(0).chopped(2));
    pump.start(kStuckHistoryMessages);
    QVERIFY(pump.waitFinished(120'000));

    RawPeer peer;
    RawPeer::Options options;
    options.receiveBufferBytes = kTinyReceiveBuffer;
    options.readBufferBytes = kTinyReceiveBuffer;
    QVERIFY(peer.connectTo(target->server.wsPort(), options));
    QVERIFY(peer.upgrade());
    QVERIFY(peer.hello());
    QString code;
    QVERIFY2(peer.call(api::Resume{reader->token()}, &code), qPrintable(code));
    peer.stopReading();
    for (int i = 0; i < kStuckPages; ++i)
        peer.sendRequest(api::GetHistory{chat, 0, proto::kMaxHistoryLimit});
    // Pings spread over a second (pacing, nothing to wait for): the later ones reach the
    // server while its write of the pages is stuck behind the peer's closed window.
    for (int i = 0; i < kStuckPings; ++i) {
        peer.send(wsFrame({.opcode = OpPing, .payload = QByteArray::number(i)}));
        QTest::qWait(kStuckPingIntervalMs);
    }
    peer.resumeReading();
    int pages = 0;
    int pongs = 0;
    QElapsedTimer timer;
    timer.start();
    // A page through a 4 KiB window is hundreds of round trips: on a loaded machine one frame
    // alone can take seconds, so the whole read shares one deadline.
    constexpr qint64 kReadAllMs = 60'000;
    while ((pages < kStuckPages || pongs < kStuckPings) && timer.elapsed() < kReadAllMs) {
        const std::optional<ServerFrame> frame = peer.readFrame(int(kReadAllMs - timer.elapsed()));
        if (!frame)
            break;
        if (frame->opcode == OpPong)
            ++pongs;
        else if (frame->opcode == OpBinary)
            ++pages;
    }
    QCOMPARE(pages, kStuckPages);
    QCOMPARE(pongs, kStuckPings);
    const QString health = stillServing(*target);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

} // namespace msgr::test::hostile
