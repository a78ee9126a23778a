// The hostile-input catalogue, second half: request floods, every deadline of the edge, peers
// that never read, connection caps and descriptor exhaustion, and log-in / sign-up abuse.
// Each table is a list of named actions; each row ends with the same checks as the first half.
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "tests/integration/hostile_catalogue.h"
#include "tests/integration/hostile_peer.h"
#include "tests/support/message_pump.h"
#include "tests/support/update_helpers.h"

#include <QCborArray>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace msgr::test::hostile {
namespace {
namespace m = msgr::protocol::method;
namespace proto = msgr::protocol;
using L = QLatin1StringView;

const QString kPassword = QStringLiteral("hostile catalogue password");
constexpr int kAnswerMs = 10'000;
constexpr int kCloseMs = 20'000;
constexpr int kMiB = 1024 * 1024;

// ---- action tables ----
enum Flood : int {
    FloodBurstRecovers,
    FloodPingsClose,
    FloodGarbageClose,
    FloodAnonymousClose,
    FloodSendsClose,
};
// More than enough to run the bucket dry (100) and reach the 200 rejections in a row that
// close the connection even while the bucket refills (50/s) during the burst.
constexpr int kFloodRequests = 700;
constexpr int kBurstRequests = 150;

enum Deadline : int {
    DlSilentSocket,
    DlSlowLorisUpgrade,
    DlSlowLorisHeaders,
    DlPartialRequestLine,
    DlHeadWithoutEnd,
    DlKeepAliveIdle,
    DlNoHello,
    DlHalfAHello,
    DlPingsInsteadOfHello,
    DlNoLogIn,
    DlRequestsInsteadOfLogIn,
    DlFailedLogInsOnly,
    DlSilentAfterLogIn,
    DlHonestIdleClientStays,
};
// The deadline server's settings (tst_hostile_catalogue.cpp, deadlineServerArgs()).
constexpr int kUpgradeMs = 800;
constexpr int kHelloMs = 800;
constexpr int kLogInMs = 2500;
constexpr int kIdleMs = 3000; // above kLogInMs: the log-in rows stay silent
// A close may come this much before the deadline as the test measures it (the hello and
// log-in clocks start when the server sends 101 or welcome, a little before this test reads
// it), and this much after it (timers on a loaded machine).
constexpr int kEarlyMs = 250;
constexpr int kLateMs = 1000;
// Slow-loris pace: one byte per this many ms.
constexpr int kTrickleMs = 40;

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

enum Cap : int {
    CapPerAddress,
    CapPerAddressCountsWebSockets,
    CapGlobal,
    CapDescriptorReserve,
    CapDescriptorExhaustion,
};
constexpr int kPerAddressCap = 3;
constexpr int kGlobalCap = 3;
constexpr int kHeldOpenMs = 400;
// Descriptor rows: the server runs under `prlimit --nofile=N`.
constexpr int kReserveRowFiles = 400; // default cap: 400 - 256 reserved = 144 connections
constexpr int kReserveRowDefaultCap = kReserveRowFiles - 256;
constexpr int kExhaustionRowFiles = 300;
constexpr int kDescriptorRowSockets = 600;
// "Out of descriptors" as /proc/<pid>/fd counts them (".", ".." and a few in transition).
constexpr int kDescriptorSlack = 8;
constexpr int kAddressesUsed = 4;
// /metrics is read from 127.0.0.9 in these rows, an address no connection of a row uses; the
// rows' own connections come from 127.0.0.5 on, so the probe (127.0.0.1) has its full share.
constexpr int kMetricsAddress = 8;
constexpr int kFirstRowAddress = 4;

enum AuthAbuse : int {
    AuthWrongPasswords,
    AuthUnknownAccount,
    AuthSignUpFlood,
    AuthLogInFlood,
};
constexpr int kMaxGuesses = 40;
constexpr int kSignUpFlood = 150;
constexpr int kLogInFlood = 150;
constexpr int kFloodAnswersMs = 120'000;

// ---- helpers ----
QString bigText(int n) {
    // 4,000 CJK characters: 12 KB of UTF-8, inside the 4,096-character limit.
    return QString(4000, QChar(0x4E2D)) + QStringLiteral("#%1").arg(n);
}

QHostAddress loopback(int index) {
    return QHostAddress(QStringLiteral("127.0.0.%1").arg(index + 1));
}

//! Counts a chat's messages page by page (pages may be cut by size: `final` says when done).
qint64 countMessages(TestClient &client, qint64 chatId) {
    qint64 count = 0;
    qint64 beforeId = 0;
    for (;;) {
        const QCborMap r = callPatiently(client, m::MessagesHistory,
                                         {{L("chatId"), chatId},
                                          {L("beforeId"), beforeId},
                                          {L("limit"), proto::kMaxHistoryLimit}});
        if (client.lastError())
            return -1;
        const QList<protocol::Message> page = messagesOf(r.value(L("messages")).toArray());
        count += page.size();
        if (page.isEmpty() || r.value(L("final")).toBool())
            return count;
        beforeId = page.first().id;
    }
}

//! Waits until every id has an answer; false when the connection closed or time ran out.
bool waitAllAnswered(TestClient &client, const QList<qint64> &ids, int timeoutMs) {
    return QTest::qWaitFor(
        [&] {
            return std::all_of(ids.cbegin(), ids.cend(),
                               [&](qint64 id) { return client.hasAnswer(id); }) ||
                   !client.isConnected();
        },
        timeoutMs);
}

//! Writes an executable script that runs msgr-server under a lower open-file limit (the server
//! raises its soft limit to the hard one itself, so only a hard limit holds it).
QString limitedServerScript(const QTemporaryDir &dir, int files) {
    const QString path = dir.filePath(QStringLiteral("msgr-server-limited.sh"));
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly))
        return {};
    script.write(QStringLiteral("#!/bin/sh\nexec prlimit --nofile=%1:%1 -- '%2' \"$@\"\n")
                     .arg(files)
                     .arg(ServerProcess::binaryPath())
                     .toUtf8());
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}
} // namespace

// =====================================================================================
// Floods
// =====================================================================================

void HostileCatalogue::floods_data() {
    QTest::addColumn<int>("action");
    QTest::newRow("flood: 150 pings in a burst get FLOOD_WAIT, then served again")
        << int(FloodBurstRecovers);
    QTest::newRow("flood: pings on after FLOOD_WAIT close 4008 after the answers")
        << int(FloodPingsClose);
    QTest::newRow("flood: a1 a1 frames on after FLOOD_WAIT close 4008") << int(FloodGarbageClose);
    QTest::newRow("flood: requests before log-in close 4008") << int(FloodAnonymousClose);
    QTest::newRow("flood: sends on after FLOOD_WAIT: accepted stored, refused not")
        << int(FloodSendsClose);
}

void HostileCatalogue::floods() {
    QFETCH(int, action);
    floodRow(action);
    if (QTest::currentTestFailed())
        return;
    const QString intact = victimChatIntact();
    QVERIFY2(intact.isEmpty(), qPrintable(intact));
    const QString health = stillServing(*m_main);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

void HostileCatalogue::floodRow(int action) {
    std::unique_ptr<TestClient> client;
    if (action == FloodAnonymousClose) {
        client = std::make_unique<TestClient>();
        QVERIFY(client->connectTo(m_main->server.wsUrl()));
    } else {
        client = resumed(*m_main, action == FloodSendsClose ? m_floodToken : m_mallory->token());
        QVERIFY(client);
    }

    if (action == FloodBurstRecovers) {
        QList<qint64> ids;
        for (int i = 0; i < kBurstRequests; ++i)
            ids << client->sendRequest(m::Ping);
        QVERIFY2(waitAllAnswered(*client, ids, kAnswerMs), "not every request was answered");
        qint64 longestWait = 0;
        int floodWaits = 0;
        for (qint64 id : ids) {
            if (auto error = client->takeError(id)) {
                QCOMPARE(proto::errorCodeName(error->code), QStringLiteral("FLOOD_WAIT"));
                QVERIFY2(error->retryAfterMs > 0, "FLOOD_WAIT without retryAfterMs");
                longestWait = qMax(longestWait, error->retryAfterMs);
                ++floodWaits;
            }
        }
        QVERIFY2(floodWaits > 0, "a burst of 150 got no FLOOD_WAIT");
        QVERIFY(client->isConnected());
        QTest::qWait(int(longestWait));
        client->call(m::Ping);
        QVERIFY2(!client->lastError(), qPrintable(client->lastErrorName()));
        return;
    }

    // Flooding on after FLOOD_WAIT: the server closes with 4008, after answering what it
    // accepted and delivering the FLOOD_WAITs (a closing handshake, so not 1006).
    QList<qint64> ids;
    QHash<qint64, QString> sentTexts;
    for (int i = 0; i < kFloodRequests; ++i) {
        if (action == FloodGarbageClose) {
            client->sendRaw(QByteArray::fromHex("a1a1"));
        } else if (action == FloodSendsClose) {
            const QString text = QStringLiteral("flood %1").arg(i);
            const qint64 id = client->sendRequest(
                m::MessagesSend,
                {{L("chatId"), m_floodChat}, {L("randomId"), newRandomId()}, {L("text"), text}});
            sentTexts.insert(id, text);
            ids << id;
        } else {
            ids << client->sendRequest(action == FloodAnonymousClose ? m::ChatsList : m::Ping);
        }
    }
    const int close = client->waitForClose(kCloseMs);
    QVERIFY2(close == proto::CloseFlood,
             qPrintable(QStringLiteral("close %1, expected 4008").arg(close)));

    if (action == FloodGarbageClose) {
        const QList<proto::Error> errors = client->takeFrameErrors();
        QVERIFY2(errors.size() >= proto::kFloodCloseAfterRejected - 1,
                 qPrintable(QStringLiteral("%1 errors before the close").arg(errors.size())));
        for (qsizetype i = errors.size() - (proto::kFloodCloseAfterRejected - 1); i < errors.size();
             ++i)
            QCOMPARE(proto::errorCodeName(errors[i].code), QStringLiteral("FLOOD_WAIT"));
        for (const proto::Error &e : errors)
            QVERIFY(e.code == proto::ErrorCode::BadFrame || e.code == proto::ErrorCode::FloodWait);
        return;
    }

    // Every request up to the one that closed the connection was answered; none after it.
    qsizetype answered = 0;
    while (answered < ids.size() && client->hasAnswer(ids[answered]))
        ++answered;
    for (qsizetype i = answered; i < ids.size(); ++i)
        QVERIFY2(!client->hasAnswer(ids[i]),
                 qPrintable(QStringLiteral("request %1 unanswered but %2 answered")
                                .arg(answered + 1)
                                .arg(i + 1)));
    // The burst (100, less what authentication used) was accepted before the rejections.
    QVERIFY2(answered >= proto::kRequestBurst / 2 + proto::kFloodCloseAfterRejected - 1,
             qPrintable(QStringLiteral("only %1 answers").arg(answered)));
    int rejectedAtEnd = 0;
    for (qsizetype i = answered - 1; i >= 0; --i) {
        const auto error = client->takeError(ids[i]);
        if (!error || error->code != proto::ErrorCode::FloodWait)
            break;
        ++rejectedAtEnd;
    }
    QCOMPARE(rejectedAtEnd, proto::kFloodCloseAfterRejected - 1);

    if (action == FloodSendsClose) {
        // What was accepted is stored once; what was refused is not stored at all.
        QSet<QString> accepted;
        for (qsizetype i = 0; i < answered; ++i) {
            const QCborMap result = client->takeResult(ids[i]);
            if (!result.isEmpty())
                accepted.insert(sentTexts.value(ids[i]));
        }
        auto reader = resumed(*m_main, m_floodToken);
        QVERIFY(reader);
        const QList<protocol::Message> stored = fetchHistory(*reader, m_floodChat);
        QVERIFY(!reader->lastError());
        QSet<QString> storedTexts;
        for (const protocol::Message &message : stored)
            storedTexts.insert(message.text);
        QCOMPARE(stored.size(), m_floodMessages + accepted.size());
        QCOMPARE(storedTexts, accepted);
        m_floodMessages = stored.size();
    }
}

// =====================================================================================
// Deadlines
// =====================================================================================

void HostileCatalogue::deadlines_data() {
    QTest::addColumn<int>("action");
    QTest::addColumn<int>("close");
    QTest::addColumn<int>("deadlineMs");
    const auto row = [](const char *name, Deadline action, int close, int deadlineMs) {
        QTest::newRow(name) << int(action) << close << deadlineMs;
    };
    row("deadline: a socket that never sends a byte", DlSilentSocket, ClosedWithoutFrame,
        kUpgradeMs);
    row("deadline: slow-loris upgrade request, one byte per 40 ms", DlSlowLorisUpgrade,
        ClosedWithoutFrame, kUpgradeMs);
    row("deadline: slow-loris headers that never end", DlSlowLorisHeaders, ClosedWithoutFrame,
        kUpgradeMs);
    row("deadline: half a request line, then silence", DlPartialRequestLine, ClosedWithoutFrame,
        kUpgradeMs);
    row("deadline: request head without its blank line", DlHeadWithoutEnd, ClosedWithoutFrame,
        kUpgradeMs);
    row("deadline: idle HTTP keep-alive connection", DlKeepAliveIdle, ClosedWithoutFrame,
        kUpgradeMs);
    row("deadline: no hello after the upgrade", DlNoHello, proto::CloseHandshake, kHelloMs);
    row("deadline: half a hello frame, then silence", DlHalfAHello, proto::CloseHandshake,
        kHelloMs);
    row("deadline: pings instead of hello", DlPingsInsteadOfHello, proto::CloseHandshake, kHelloMs);
    row("deadline: hello but no log-in", DlNoLogIn, proto::CloseHandshake, kLogInMs);
    row("deadline: requests instead of a log-in", DlRequestsInsteadOfLogIn, proto::CloseHandshake,
        kLogInMs);
    row("deadline: failed log-ins only", DlFailedLogInsOnly, proto::CloseHandshake, kLogInMs);
    row("deadline: silent after log-in, pings unanswered", DlSilentAfterLogIn, ClosedWithoutFrame,
        kIdleMs);
    row("deadline: an idle client that answers pings stays", DlHonestIdleClientStays, 0,
        kIdleMs * 3 / 2);
}

void HostileCatalogue::deadlines() {
    QFETCH(int, action);
    QFETCH(int, close);
    QFETCH(int, deadlineMs);
    deadlineRow(action, close, deadlineMs);
    if (QTest::currentTestFailed())
        return;
    const QString health = stillServing(*m_deadlines);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

void HostileCatalogue::deadlineRow(int action, int expectedClose, int deadlineMs) {
    Target &target = *m_deadlines;
    const quint16 port = target.server.wsPort();
    if (action == DlHonestIdleClientStays) {
        auto client = resumed(target, target.probe.watcherToken());
        QVERIFY(client);
        QTest::qWait(deadlineMs); // QWebSocket answers the server's pings by itself
        QVERIFY2(client->isConnected(), "an honest idle client was dropped");
        client->call(m::Ping);
        QVERIFY(!client->lastError());
        return;
    }

    RawPeer peer;
    QVERIFY(peer.connectTo(port));
    QElapsedTimer since;
    since.start();
    int got = StillOpen;
    const int waitMs = deadlineMs + kLateMs;
    // HTTP phase: the server closes the TCP connection without a word.
    const auto httpPhaseEnds = [&] {
        got = peer.waitForDisconnected(waitMs) ? ClosedWithoutFrame : StillOpen;
        QVERIFY2(peer.pending().isEmpty(), peer.pending().left(100).constData());
    };
    // Sends `every` until the close (or the time is up).
    const auto keepSending = [&](const std::function<void()> &every, int intervalMs) {
        while (since.elapsed() < waitMs) {
            every();
            got = peer.waitForClose(intervalMs);
            if (got != StillOpen)
                return;
        }
    };

    switch (action) {
    case DlSilentSocket:
        httpPhaseEnds();
        break;
    case DlSlowLorisUpgrade:
        peer.trickle(upgradeRequest(), kTrickleMs, waitMs);
        httpPhaseEnds();
        break;
    case DlSlowLorisHeaders: {
        QByteArray head = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 200; ++i)
            head += "X-" + QByteArray::number(i) + ": x\r\n";
        peer.trickle(head, kTrickleMs, waitMs);
        httpPhaseEnds();
        break;
    }
    case DlPartialRequestLine:
        peer.send("GET / HT");
        httpPhaseEnds();
        break;
    case DlHeadWithoutEnd:
        peer.send(upgradeRequest().chopped(2));
        httpPhaseEnds();
        break;
    case DlKeepAliveIdle: {
        peer.send(httpGet("/healthz"));
        const auto answer = peer.readHttp(kAnswerMs);
        QVERIFY(answer && answer->status == 200);
        since.restart();
        httpPhaseEnds();
        break;
    }
    case DlNoHello:
        QVERIFY(peer.upgrade());
        since.restart();
        got = peer.waitForClose(waitMs);
        break;
    case DlHalfAHello:
        QVERIFY(peer.upgrade());
        since.restart();
        peer.send(binaryFrame(proto::encodeFrame(proto::Hello{{1}, QStringLiteral("x")})).left(3));
        got = peer.waitForClose(waitMs);
        break;
    case DlPingsInsteadOfHello:
        QVERIFY(peer.upgrade());
        since.restart();
        keepSending([&] { peer.send(wsFrame({.opcode = OpPing, .payload = "still here"})); }, 100);
        break;
    case DlNoLogIn:
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        since.restart();
        got = peer.waitForClose(waitMs);
        break;
    case DlRequestsInsteadOfLogIn:
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        since.restart();
        keepSending([&] { peer.sendRequest(m::ChatsList, {}); }, 200);
        break;
    case DlFailedLogInsOnly:
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        since.restart();
        keepSending(
            [&] {
                peer.sendRequest(m::LogIn, {{L("username"), L("nobody_here")},
                                            {L("password"), L("not the password")},
                                            {L("deviceName"), L("x")}});
            },
            700);
        break;
    case DlSilentAfterLogIn: {
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        QString code;
        QVERIFY2(peer.call(m::Resume, {{L("token"), target.probe.watcherToken()}}, &code),
                 qPrintable(code));
        since.restart();
        got = peer.waitForClose(waitMs);
        const bool pinged = std::any_of(peer.framesSeen().cbegin(), peer.framesSeen().cend(),
                                        [](const ServerFrame &f) { return f.opcode == OpPing; });
        QVERIFY2(pinged, "the silent peer was never pinged");
        break;
    }
    }
    if (QTest::currentTestFailed())
        return;
    const qint64 elapsed = since.elapsed();
    qInfo("outcome %d after %lld ms (deadline %d ms)", got, elapsed, deadlineMs);
    QVERIFY2(got == expectedClose, qPrintable(QStringLiteral("outcome %1 after %2 ms, expected %3")
                                                  .arg(got)
                                                  .arg(elapsed)
                                                  .arg(expectedClose)));
    QVERIFY2(elapsed >= deadlineMs - kEarlyMs && elapsed <= deadlineMs + kLateMs,
             qPrintable(QStringLiteral("closed after %1 ms; the deadline is %2 ms")
                            .arg(elapsed)
                            .arg(deadlineMs)));
}

// =====================================================================================
// Peers that never read
// =====================================================================================

bool HostileCatalogue::setUpSlowReaders() {
    m_slow = startTarget({QStringLiteral("--queue-drop-bytes"), QString::number(kQueueDropBytes),
                          QStringLiteral("--write-timeout-ms"), QString::number(kWriteTimeoutMs)});
    if (!m_slow)
        return false;
    QString why;
    auto reader = signedUpClient(m_slow->server, QStringLiteral("reader"), kPassword, &why);
    if (!reader)
        return false;
    m_readerToken = reader->token();
    for (int i = 0; i < kSenders; ++i) {
        auto sender =
            signedUpClient(m_slow->server, QStringLiteral("sender%1").arg(i), kPassword, &why);
        if (!sender)
            return false;
        const qint64 chat = sender->call(m::ChatsOpenPrivate, {{L("userId"), reader->userId()}})
                                .value(L("chat"))
                                .toMap()
                                .value(L("id"))
                                .toInteger();
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
    QVERIFY2(reader.call(m::Resume, {{L("token"), m_readerToken}}, &code), qPrintable(code));
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
            reader.sendRequest(m::MessagesHistory, {{L("chatId"), m_senderChats.first()},
                                                    {L("beforeId"), 0},
                                                    {L("limit"), proto::kMaxHistoryLimit}});
        else if (action == SlowAsksDifferences)
            reader.sendRequest(m::UpdatesGetDifference,
                               {{L("pts"), 0}, {L("limit"), proto::kMaxDifferenceSlice}});
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

// =====================================================================================
// Connection caps and descriptors
// =====================================================================================

void HostileCatalogue::connectionCaps_data() {
    QTest::addColumn<int>("action");
    QTest::newRow("caps: the 4th connection from one address is closed at once")
        << int(CapPerAddress);
    QTest::newRow("caps: upgraded WebSockets count toward the per-address cap")
        << int(CapPerAddressCountsWebSockets);
    QTest::newRow("caps: the 4th connection overall is closed at once") << int(CapGlobal);
    QTest::newRow("caps: 600 sockets against a 400-descriptor server (default cap)")
        << int(CapDescriptorReserve);
    QTest::newRow("caps: 600 sockets against a 300-descriptor server with no cap")
        << int(CapDescriptorExhaustion);
}

void HostileCatalogue::connectionCaps() {
    QFETCH(int, action);
    connectionCapRow(action);
}

void HostileCatalogue::connectionCapRow(int action) {
    QStringList args{QStringLiteral("--upgrade-timeout-ms"), QStringLiteral("30000")};
    QTemporaryDir scriptDir;
    QString limitedBinary;
    if (action == CapPerAddress || action == CapPerAddressCountsWebSockets)
        args << QStringLiteral("--max-connections-per-address") << QString::number(kPerAddressCap);
    if (action == CapGlobal)
        args << QStringLiteral("--max-connections") << QString::number(kGlobalCap)
             << QStringLiteral("--max-connections-per-address") << QStringLiteral("0");
    if (action == CapDescriptorReserve || action == CapDescriptorExhaustion) {
        limitedBinary = limitedServerScript(
            scriptDir, action == CapDescriptorReserve ? kReserveRowFiles : kExhaustionRowFiles);
        QVERIFY(!limitedBinary.isEmpty());
        if (action == CapDescriptorExhaustion)
            args << QStringLiteral("--max-connections") << QStringLiteral("100000")
                 << QStringLiteral("--max-connections-per-address") << QStringLiteral("0");
    }
    std::unique_ptr<Target> target;
    {
        // ServerProcess runs MSGR_SERVER_BIN: point it at the limiting script for this start.
        const QByteArray realBinary = qgetenv("MSGR_SERVER_BIN");
        if (!limitedBinary.isEmpty())
            qputenv("MSGR_SERVER_BIN", limitedBinary.toUtf8());
        target = startTarget(args);
        qputenv("MSGR_SERVER_BIN", realBinary);
    }
    QVERIFY(target);
    const quint16 port = target->server.wsPort();
    const qint64 refusedMetricBefore =
        metricValue(port, "msgr_connections_refused_total", loopback(kMetricsAddress));

    const auto open = [port](int addressIndex) {
        auto peer = std::make_unique<RawPeer>();
        RawPeer::Options options;
        options.bindAddress = loopback(addressIndex);
        return peer->connectTo(port, options) ? std::move(peer) : nullptr;
    };
    // A refused connection is closed at once, with no byte of answer.
    const auto refusedAtOnce = [](RawPeer &peer) {
        return peer.waitForDisconnected(2'000) && peer.totalReceived() == 0 &&
               peer.elapsedMs() < 2'000;
    };
    const auto serves = [](RawPeer &peer) {
        peer.send(httpGet("/healthz"));
        const auto answer = peer.readHttp(kAnswerMs);
        return answer && answer->status == 200;
    };

    std::vector<std::unique_ptr<RawPeer>> held;
    if (action == CapPerAddress || action == CapGlobal) {
        // The probe's connections of the start-up are gone first (the server notices their
        // close asynchronously); /metrics is read from an address no row uses.
        QVERIFY(QTest::qWaitFor(
            [&] { return metricValue(port, "msgr_connections", loopback(kMetricsAddress)) == 0; },
            kAnswerMs));
        for (int i = 0; i < kPerAddressCap; ++i) {
            held.push_back(open(action == CapGlobal ? kFirstRowAddress + i : kFirstRowAddress));
            QVERIFY(held.back());
        }
        QTest::qWait(kHeldOpenMs);
        for (auto &peer : held)
            QVERIFY2(peer->isConnected(), "a connection within the cap was closed");
        auto extra = open(kFirstRowAddress + (action == CapGlobal ? kGlobalCap : 0));
        QVERIFY(extra);
        QVERIFY2(refusedAtOnce(*extra), "the connection over the cap was not closed at once");
        if (action == CapPerAddress) {
            auto elsewhere = open(kFirstRowAddress + 1);
            QVERIFY(elsewhere && serves(*elsewhere)); // the cap is per address
        }
        held.pop_back(); // one slot is free again
        const bool admitted = QTest::qWaitFor(
            [&] {
                auto again = open(kFirstRowAddress);
                return again && serves(*again);
            },
            kAnswerMs);
        QVERIFY2(admitted, "a freed slot was not given to a new connection");
        QVERIFY(QTest::qWaitFor(
            [&] {
                return metricValue(port, "msgr_connections_refused_total",
                                   loopback(kMetricsAddress)) > refusedMetricBefore;
            },
            kAnswerMs));
    } else if (action == CapPerAddressCountsWebSockets) {
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < kPerAddressCap; ++i) {
            clients.push_back(std::make_unique<TestClient>());
            QVERIFY(clients.back()->connectTo(target->server.wsUrl()));
        }
        TestClient extra;
        QVERIFY2(!extra.connectTo(target->server.wsUrl(), 3'000),
                 "a WebSocket over the per-address cap got a welcome");
        clients.pop_back();
        const bool admitted = QTest::qWaitFor(
            [&] {
                TestClient again;
                return again.connectTo(target->server.wsUrl(), 2'000);
            },
            kAnswerMs);
        QVERIFY2(admitted, "a freed slot was not given to a new WebSocket");
    } else {
        // Descriptor exhaustion: many sockets from several addresses at once.
        for (int i = 0; i < kDescriptorRowSockets; ++i) {
            held.push_back(open(i % kAddressesUsed));
            QVERIFY2(held.back(), "this test process ran out of sockets");
        }
        QTest::qWait(2 * kHeldOpenMs);
        const auto stillOpen = std::count_if(held.cbegin(), held.cend(),
                                             [](const auto &peer) { return peer->isConnected(); });
        qInfo("%lld of %d sockets held open by the server", qint64(stillOpen),
              kDescriptorRowSockets);
        QVERIFY2(target->server.isRunning(), "the server died under descriptor exhaustion");
        // The exhaustion row really ran the server out of descriptors.
        const qint64 descriptors =
            QDir(QStringLiteral("/proc/%1/fd").arg(target->server.pid())).count();
        qInfo("the server holds %lld descriptors", descriptors);
        if (action == CapDescriptorExhaustion)
            QVERIFY2(descriptors >= kExhaustionRowFiles - kDescriptorSlack,
                     qPrintable(QStringLiteral("only %1 descriptors in use").arg(descriptors)));
        if (action == CapDescriptorReserve)
            QVERIFY2(stillOpen <= kReserveRowDefaultCap,
                     qPrintable(QStringLiteral("%1 connections held, the cap is %2")
                                    .arg(stillOpen)
                                    .arg(kReserveRowDefaultCap)));
        held.clear();
    }
    QVERIFY2(target->server.isRunning(), "the server died");
    held.clear();
    // A slot is free once the server has seen the close, which it learns asynchronously: the
    // probe may find the server full for a moment, so it is given a few seconds.
    QString health;
    (void)QTest::qWaitFor(
        [&] {
            health = stillServing(*target);
            return health.isEmpty();
        },
        kAnswerMs);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

// =====================================================================================
// Log-in and sign-up abuse
// =====================================================================================

bool HostileCatalogue::setUpAuthAbuse() {
    m_auth = startTarget({});
    if (!m_auth)
        return false;
    QString why;
    auto victim = signedUpClient(m_auth->server, QStringLiteral("victim"), kPassword, &why);
    m_authWatcherToken = m_auth->probe.watcherToken();
    return victim != nullptr;
}

void HostileCatalogue::authAbuse_data() {
    QTest::addColumn<int>("action");
    QTest::newRow("auth: wrong passwords for one account get FLOOD_WAIT")
        << int(AuthWrongPasswords);
    QTest::newRow("auth: guesses at an unknown account get FLOOD_WAIT") << int(AuthUnknownAccount);
    QTest::newRow("auth: 150 pipelined sign-ups get FLOOD_WAIT, not a hang")
        << int(AuthSignUpFlood);
    QTest::newRow("auth: 150 pipelined wrong log-ins get FLOOD_WAIT, not a hang")
        << int(AuthLogInFlood);
}

void HostileCatalogue::authAbuse() {
    QFETCH(int, action);
    if (!m_auth)
        QVERIFY2(setUpAuthAbuse(), "cannot set up the log-in abuse server");
    authAbuseRow(action);
    if (QTest::currentTestFailed())
        return;
    const QString health = stillServing(*m_auth);
    QVERIFY2(health.isEmpty(), qPrintable(health));
}

void HostileCatalogue::authAbuseRow(int action) {
    Target &target = *m_auth;
    TestClient client;
    QVERIFY(client.connectTo(target.server.wsUrl()));
    const auto logInArgs = [](const QString &user, int guess) {
        return QCborMap{{L("username"), user},
                        {L("password"), QStringLiteral("wrong guess %1").arg(guess)},
                        {L("deviceName"), L("guesser")}};
    };

    if (action == AuthWrongPasswords || action == AuthUnknownAccount) {
        const QString user =
            action == AuthWrongPasswords ? QStringLiteral("victim") : QStringLiteral("nosuchuser");
        QStringList codes;
        qint64 retryAfterMs = 0;
        for (int guess = 0; guess < kMaxGuesses && retryAfterMs == 0; ++guess) {
            client.call(m::LogIn, logInArgs(user, guess));
            codes << client.lastErrorName();
            if (client.lastError() && client.lastError()->code == proto::ErrorCode::FloodWait)
                retryAfterMs = client.lastError()->retryAfterMs;
        }
        QVERIFY2(retryAfterMs > 0, qPrintable(QStringLiteral("no FLOOD_WAIT in %1 guesses: %2")
                                                  .arg(kMaxGuesses)
                                                  .arg(codes.join(u','))));
        QCOMPARE(codes.first(), QStringLiteral("AUTH_FAILED"));
        for (qsizetype i = 0; i + 1 < codes.size(); ++i)
            QCOMPARE(codes[i], QStringLiteral("AUTH_FAILED"));
        QVERIFY(client.isConnected());
        return;
    }

    // A flood of pipelined sign-ups or log-ins on one connection: every one is answered
    // (no hang), some with FLOOD_WAIT, and only the accepted sign-ups exist afterwards.
    const int count = action == AuthSignUpFlood ? kSignUpFlood : kLogInFlood;
    QList<qint64> ids;
    QStringList names;
    for (int i = 0; i < count; ++i) {
        if (action == AuthSignUpFlood) {
            names << QStringLiteral("flood_%1_z").arg(i);
            ids << client.sendRequest(m::SignUp, {{L("username"), names.last()},
                                                  {L("password"), kPassword},
                                                  {L("deviceName"), L("flood")}});
        } else {
            ids << client.sendRequest(m::LogIn, logInArgs(QStringLiteral("victim"), i));
        }
    }
    QElapsedTimer since;
    since.start();
    QVERIFY2(waitAllAnswered(client, ids, kFloodAnswersMs) && client.isConnected(),
             "the flood was not answered in full");
    qInfo("%d pipelined requests answered in %lld ms", count, since.elapsed());
    int floodWaits = 0;
    QList<bool> accepted;
    for (qint64 id : ids) {
        const auto error = client.takeError(id);
        accepted << !error;
        if (!error)
            continue;
        if (error->code == proto::ErrorCode::FloodWait) {
            ++floodWaits;
            QVERIFY2(error->retryAfterMs > 0, "FLOOD_WAIT without retryAfterMs");
        } else {
            QCOMPARE(proto::errorCodeName(error->code), action == AuthSignUpFlood
                                                            ? QStringLiteral("(none)")
                                                            : QStringLiteral("AUTH_FAILED"));
        }
    }
    QVERIFY2(floodWaits > 0, "a flood got no FLOOD_WAIT");
    if (action == AuthLogInFlood) {
        QVERIFY2(std::none_of(accepted.cbegin(), accepted.cend(), [](bool a) { return a; }),
                 "a wrong password was accepted");
        return;
    }
    // Nothing half-written: each refused sign-up left no account, each accepted one did.
    auto searcher = resumed(target, m_authWatcherToken);
    QVERIFY(searcher);
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QCborMap found = callPatiently(*searcher, m::UsersSearch, {{L("query"), names[i]}});
        QVERIFY2(!searcher->lastError(), qPrintable(searcher->lastErrorName()));
        const QCborArray users = found.value(L("users")).toArray();
        const bool exists = std::any_of(users.cbegin(), users.cend(), [&](const QCborValue &u) {
            return u.toMap().value(L("username")).toString() == names[i];
        });
        QVERIFY2(
            exists == accepted[i],
            qPrintable(
                QStringLiteral("%1: %2 but %3")
                    .arg(names[i],
                         accepted[i] ? QStringLiteral("accepted") : QStringLiteral("refused"),
                         exists ? QStringLiteral("exists") : QStringLiteral("does not exist"))));
    }
}

} // namespace msgr::test::hostile
