// The catalogue's connection caps (docs/server.md): per address and in all, a connection over
// the cap is closed at once; hundreds of sockets against a server short of descriptors leave it
// up and serving once they are gone.
#include "tests/integration/hostile_catalogue.h"
#include "tests/integration/hostile_peer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace msgr::test::hostile {
namespace {

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

QHostAddress loopback(int index) {
    return QHostAddress(QStringLiteral("127.0.0.%1").arg(index + 1));
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

} // namespace msgr::test::hostile
