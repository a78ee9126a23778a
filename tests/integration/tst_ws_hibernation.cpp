// Hibernated connections (docs/server.md, --hibernate-after-ms): an idle logged-in connection
// sheds its WebSocket state and waits on the bare socket, yet a push to its user arrives, a
// request is answered, a ping gets its pong, the keep-alive pings it and a dead peer is
// dropped on time; a frame split across the hibernation time is read whole. The server's
// /metrics gauge `msgr_connections_hibernated` tells when a connection sleeps.
#include "protocol/api/api.h"
#include "protocol/frame.h"
#include "protocol/updates.h"
#include "tests/integration/hostile_peer.h"
#include "tests/integration/hostile_probe.h"
#include "tests/integration/hostile_wire.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QElapsedTimer>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
using namespace msgr::test::hostile;
namespace api = msgr::protocol::api;
namespace proto = msgr::protocol;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kHibernateAfterMs = 300;
constexpr int kIdleTimeoutMs = 4'000; // the server pings after 2 s of silence
constexpr int kWaitMs = 10'000;

//! The request frame of `id` for method ping, as a client sends it (masked).
QByteArray pingRequestFrame(qint64 id) {
    return binaryFrame(proto::encodeFrame(proto::Request{id, api::Ping::method, {}}));
}

//! Reads frames until a binary one that decodes to `T`, answering the server's pings.
template <typename T> std::optional<T> readUntil(RawPeer &peer, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const std::optional<proto::Frame> frame =
            peer.readProtocolFrame(int(timeoutMs - timer.elapsed()));
        if (!frame)
            return std::nullopt;
        if (const T *wanted = std::get_if<T>(&*frame))
            return *wanted;
    }
    return std::nullopt;
}
} // namespace

class TstWsHibernation : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void hibernatedConnectionStaysUsable();
    void deadHibernatedPeerIsDroppedOnTime();
    void hibernationGivesBackTheStreamState();
    void frameSplitAcrossTheHibernationTime_data();
    void frameSplitAcrossTheHibernationTime();

private:
    qint64 hibernated() const {
        return metricValue(m_server.wsPort(), "msgr_connections_hibernated");
    }
    qint64 hibernations() const {
        return metricValue(m_server.wsPort(), "msgr_hibernations_total");
    }
    //! A raw connection of bob's, logged in by token.
    std::unique_ptr<RawPeer> bobPeer();

    ServerProcess m_server{{QStringLiteral("--hibernate-after-ms"),
                            QString::number(kHibernateAfterMs), QStringLiteral("--idle-timeout-ms"),
                            QString::number(kIdleTimeoutMs)}};
    QString m_aliceToken;
    QString m_bobToken;
    qint64 m_chatId = 0;
};

void TstWsHibernation::initTestCase() {
    QVERIFY(m_server.start());
    QString why;
    auto users =
        twoUsersInAChat(m_server, QStringLiteral("alice"), QStringLiteral("bob"), kPassword, &why);
    QVERIFY2(users, qPrintable(why));
    auto &alice = users->first;
    auto &bob = users->second;
    m_chatId = users->chatId;
    m_aliceToken = alice->token();
    m_bobToken = bob->token();
    // Only the connections a test opens are counted by the gauge.
    alice->close();
    bob->close();
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server.wsPort(), "msgr_connections"), 0, kWaitMs);
}

std::unique_ptr<RawPeer> TstWsHibernation::bobPeer() {
    return resumedPeer(m_server.wsPort(), m_bobToken);
}

void TstWsHibernation::hibernatedConnectionStaysUsable() {
    auto bob = bobPeer();
    QVERIFY(bob);
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 1, kWaitMs);

    // A push to the hibernated user: alice sends, bob's sleeping connection receives it.
    {
        TestClient alice;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(alice.resume(m_aliceToken));
        QVERIFY(alice.call(api::SendMessage{m_chatId, 1, QStringLiteral("wake up, bob")}).ok());
        const auto update = readUntil<proto::UpdateFrame>(*bob, kWaitMs);
        QVERIFY2(update, "the pushed message did not reach the hibernated connection");
        QCOMPARE(update->update.value(QLatin1StringView("type")).toString(),
                 QStringLiteral("newMessage"));
        alice.close();
    }
    // Asleep again (once alice's connection is gone, the gauge counts bob's alone; the push
    // woke it, so 1 is a new sleep).
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server.wsPort(), "msgr_connections"), 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 1, kWaitMs);

    // A request on the sleeping connection is answered, and it sleeps again.
    QString code;
    QVERIFY2(bob->call(api::Ping{}, &code), qPrintable(code));
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 1, kWaitMs);

    // A ping from the peer gets its pong.
    bob->send(wsFrame({.opcode = OpPing, .payload = "still there?"}));
    const auto pong = bob->readFrame(kWaitMs);
    QVERIFY2(pong, "no pong from the hibernated connection");
    QCOMPARE(pong->opcode, quint8(OpPong));
    QCOMPARE(pong->payload, QByteArray("still there?"));
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 1, kWaitMs);

    // The keep-alive: after half the idle timeout of silence the server pings the sleeping
    // connection; answered, the connection outlives the idle timeout and serves again.
    QElapsedTimer silence;
    silence.start();
    // Updates (alice's connection going offline) may still arrive first: they are skipped.
    std::optional<ServerFrame> ping;
    do {
        ping = bob->readFrame(int(qMax<qint64>(kIdleTimeoutMs - silence.elapsed(), 0)));
    } while (ping && ping->opcode == OpBinary);
    QVERIFY2(ping, "the hibernated connection was never pinged");
    QCOMPARE(ping->opcode, quint8(OpPing));
    bob->send(wsFrame({.opcode = OpPong, .payload = ping->payload}));
    QVERIFY(QTest::qWaitFor([&] { return silence.elapsed() > kIdleTimeoutMs + 500; }, kWaitMs));
    QVERIFY2(bob->isConnected(), "a peer that answers the keep-alive was dropped");
    QVERIFY2(bob->call(api::Ping{}, &code), qPrintable(code));
}

void TstWsHibernation::hibernationGivesBackTheStreamState() {
    // An awake connection's Beast stream state (~2.6 KiB) lives in the transient arena
    // (server/edge/transient_arena.h); hibernation must hand it back there, whole slabs going
    // back to the system, rather than leave it as holes in the heap.
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server.wsPort(), "msgr_connections"), 0, kWaitMs);
    const auto arenaBytes = [this] {
        return metricValue(m_server.wsPort(), "msgr_transient_arena_bytes");
    };
    const qint64 before = arenaBytes();
    QVERIFY2(before >= 0, "the server reports no transient arena");
    constexpr int kPeers = 20;
    std::vector<std::unique_ptr<RawPeer>> peers;
    for (int i = 0; i < kPeers; ++i) {
        auto peer = std::make_unique<RawPeer>();
        // Upgraded and welcomed but not logged in: awake (only a logged-in connection sleeps).
        QVERIFY(peer->connectTo(m_server.wsPort()) && peer->upgrade() && peer->hello());
        peers.push_back(std::move(peer));
    }
    const qint64 awake = arenaBytes();
    QVERIFY2(awake - before >= kPeers * 2048,
             qPrintable(QStringLiteral("awake: %1 -> %2 bytes").arg(before).arg(awake)));
    QString code;
    for (auto &peer : peers)
        QVERIFY2(peer->call(api::Resume{m_bobToken}, &code), qPrintable(code));
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), kPeers, kWaitMs);
    // Asleep, a connection keeps at most a small operation's slot there (Asio may recycle one
    // for its readiness wait), not its stream.
    const qint64 asleep = arenaBytes();
    QVERIFY2(asleep - before <= kPeers * 512,
             qPrintable(QStringLiteral("asleep: %1 -> %2 bytes").arg(before).arg(asleep)));
    peers.clear();
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server.wsPort(), "msgr_connections"), 0, kWaitMs);
}

void TstWsHibernation::deadHibernatedPeerIsDroppedOnTime() {
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server.wsPort(), "msgr_connections"), 0, kWaitMs);
    auto bob = bobPeer();
    QVERIFY(bob);
    QElapsedTimer silence;
    silence.start();
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 1, kWaitMs);
    // It never answers: pinged at half the idle timeout, dropped at all of it.
    const int got = bob->waitForClose(kIdleTimeoutMs * 2);
    const qint64 elapsed = silence.elapsed();
    QCOMPARE(got, int(ClosedWithoutFrame));
    const bool pinged = std::any_of(bob->framesSeen().cbegin(), bob->framesSeen().cend(),
                                    [](const ServerFrame &f) { return f.opcode == OpPing; });
    QVERIFY2(pinged, "the hibernated peer was never pinged");
    QVERIFY2(elapsed >= kIdleTimeoutMs - 500 && elapsed <= kIdleTimeoutMs + 2'000,
             qPrintable(QStringLiteral("dropped after %1 ms; the idle timeout is %2 ms")
                            .arg(elapsed)
                            .arg(kIdleTimeoutMs)));
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 0, kWaitMs);
}

void TstWsHibernation::frameSplitAcrossTheHibernationTime_data() {
    QTest::addColumn<int>("firstBytes");
    QTest::newRow("inside the header") << 1;
    QTest::newRow("inside the payload") << 8;
}

void TstWsHibernation::frameSplitAcrossTheHibernationTime() {
    QFETCH(int, firstBytes);
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server.wsPort(), "msgr_connections"), 0, kWaitMs);
    auto split = bobPeer();
    QVERIFY(split);
    const QByteArray frame = pingRequestFrame(77);
    QVERIFY(firstBytes < frame.size());
    split->send(frame.left(firstBytes));

    // A connection opened after the half frame went out, and idle: once it sleeps, the
    // hibernation time has passed for the split one too, which must not sleep mid-frame.
    const qint64 before = hibernations();
    auto idle = bobPeer();
    QVERIFY(idle);
    QTRY_VERIFY_WITH_TIMEOUT(hibernations() > before, kWaitMs);
    QCOMPARE(hibernated(), 1); // the idle one only

    split->send(frame.mid(firstBytes));
    const auto answer = readUntil<proto::Result>(*split, kWaitMs);
    QVERIFY2(answer, "the split request was not answered");
    QCOMPARE(answer->id, qint64(77));
    // Once answered and idle, it sleeps as well.
    QTRY_COMPARE_WITH_TIMEOUT(hibernated(), 2, kWaitMs);
}

QTEST_GUILESS_MAIN(TstWsHibernation)
#include "tst_ws_hibernation.moc"
