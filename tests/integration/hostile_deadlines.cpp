// The catalogue's deadlines (docs/server.md): upgrade, hello, log-in and idle, each closed on
// time whatever the peer trickles meanwhile; an honest idle client stays.
#include "protocol/api/api.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "tests/integration/hostile_catalogue.h"
#include "tests/integration/hostile_peer.h"

#include <QTest>
#include <functional>

namespace msgr::test::hostile {
namespace {
namespace api = msgr::protocol::api;
namespace proto = msgr::protocol;

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
    DlHalfClosedAfterLogIn,
    DlHonestIdleClientStays,
};
// The deadline server's settings (tst_hostile_catalogue.cpp, deadlineServerArgs()).
constexpr int kUpgradeMs = 800;
constexpr int kHelloMs = 800;
constexpr int kLogInMs = 2500;
constexpr int kIdleMs = 3000; // above kLogInMs: the log-in rows stay silent
// --close-timeout-ms: how long a close waits for the answers to requests already accepted.
constexpr int kCloseMs = 1000;
// A close may come this much before the deadline as the test measures it (the hello and
// log-in clocks start when the server sends 101 or welcome, a little before this test reads
// it), and this much after it (timers on a loaded machine).
constexpr int kEarlyMs = 250;
constexpr int kLateMs = 1000;
// Slow-loris pace: one byte per this many ms.
constexpr int kTrickleMs = 40;
} // namespace

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
    row("deadline: half-closed (FIN sent) after log-in is dropped at once", DlHalfClosedAfterLogIn,
        ClosedWithoutFrame, 0);
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
        QVERIFY(client->call(api::Ping{}).ok());
        return;
    }

    RawPeer peer;
    QVERIFY(peer.connectTo(port));
    QElapsedTimer since;
    since.start();
    int got = StillOpen;
    // A wrong log-in is still hashing (Argon2id, seconds on a loaded machine) when the deadline
    // comes: the server gives the requests it accepted up to the close timeout to be answered
    // before it sends its close (docs/server.md), so that row's close may come that much later.
    const int answersMs = action == DlFailedLogInsOnly ? kCloseMs : 0;
    const int waitMs = deadlineMs + answersMs + kLateMs;
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
        keepSending([&] { peer.sendRequest(api::ListChats{}); }, 200);
        break;
    case DlFailedLogInsOnly:
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        since.restart();
        keepSending(
            [&] {
                peer.sendRequest(api::LogIn{QStringLiteral("nobody_here"),
                                            QStringLiteral("not the password"),
                                            QStringLiteral("x")});
            },
            700);
        break;
    case DlHalfClosedAfterLogIn: {
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        QString code;
        QVERIFY2(peer.call(api::Resume{target.probe.watcherToken()}, &code), qPrintable(code));
        since.restart();
        peer.shutdownWrite(); // the peer can still read, but will never send again
        got = peer.waitForDisconnected(waitMs) ? ClosedWithoutFrame : StillOpen;
        break;
    }
    case DlSilentAfterLogIn: {
        QVERIFY(peer.upgrade());
        QVERIFY(peer.hello());
        QString code;
        QVERIFY2(peer.call(api::Resume{target.probe.watcherToken()}, &code), qPrintable(code));
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
    QVERIFY2(elapsed >= deadlineMs - kEarlyMs && elapsed <= waitMs,
             qPrintable(QStringLiteral("closed after %1 ms; the deadline is %2 ms (+%3 ms for "
                                       "answers in flight)")
                            .arg(elapsed)
                            .arg(deadlineMs)
                            .arg(answersMs)));
}

} // namespace msgr::test::hostile
