// bench_client_sync: the client catching up on messages from the REAL msgr-server.
//  1. starts msgr-server (--log-retention large enough that the difference is never tooLong),
//     signs up a receiver and a sender and opens their private chat;
//  2. logs the receiver in on two fresh profiles, one encrypted (SQLCipher, raw key) and one
//     plain (ProfileStore::openPlaintextForBenchmark), then closes both: the client goes
//     offline;
//  3. the sender pushes N messages over many connections at once (the server allows 50
//     requests per second per connection, so one connection would need ~33 min for 100k);
//  4. reopens each profile in turn and times the SyncEngine from start() until it reported
//     synced at the server's pts with all N messages in the store (updates.getDifference in
//     slices of up to 10,000 cut to the 1 MiB frame, applied 1,000 per transaction, the next
//     slice asked for while one is stored): messages per second for each, the ratio, CPU
//     seconds of this process and peak RSS.
// Wall time includes the server's request limit (50 per second per connection): the engine
// asks 10,000 updates per getDifference and acknowledges stored messages with
// messages.received coalesced per chat (200 ms), a few dozen requests for 100k, so FLOOD_WAIT
// retries (counted as sync warnings) can bound both runs alike. CPU seconds of this process
// (the server is another process) show what the client itself spends; their ratio is the cost
// of encryption.
// The last line is `BENCH {json}`.
// Usage: bench_client_sync [--messages 100000] [--connections 40] [--window 8]
//                          [--server-bin path]
#include "bench_process.h"
#include "profile_run.h"
#include "server_fill.h"
#include "tests/support/server_process.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <atomic>
#include <cstdio>

using namespace msgr;
using namespace msgr::bench;

namespace {

constexpr int kOpenTimeoutMs = 60'000;
constexpr int kLogInTimeoutMs = 60'000;

std::atomic<int> g_syncWarnings{0};
QtMessageHandler g_previousHandler = nullptr;

// Counts the sync engine's warnings (failed getDifference, FLOOD_WAIT...) so a figure that hid
// retries says so; the messages still go to stderr.
void countingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    if ((type == QtWarningMsg || type == QtCriticalMsg) && context.category &&
        qstrcmp(context.category, "msgr.core.sync") == 0)
        ++g_syncWarnings;
    g_previousHandler(type, context, message);
}

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QString serverBinary(const QCommandLineParser &parser, const QCommandLineOption &option) {
    if (parser.isSet(option))
        return parser.value(option);
    const QString env = qEnvironmentVariable("MSGR_SERVER_BIN");
    return env.isEmpty() ? QStringLiteral(MSGR_DEFAULT_SERVER_BIN) : env;
}

QString kindName(StoreKind kind) {
    return kind == StoreKind::Encrypted ? QStringLiteral("encrypted") : QStringLiteral("plain");
}

struct CatchUp {
    bool ok = false;
    double seconds = 0;
    double cpuSeconds = 0;
    int stored = 0;
    int syncWarnings = 0;
    qint64 peakRss = -1;
};

//! Logs the receiver in on a fresh profile and closes it again (the client goes offline).
bool prepareProfile(StoreKind kind, const QString &dir, const QUrl &url, const Accounts &a) {
    ProfileRun run(kind, dir, url);
    if (!run.open(kOpenTimeoutMs))
        return false;
    run.start();
    return run.logIn(a.receiver, a.password, kLogInTimeoutMs);
}

CatchUp catchUp(StoreKind kind, const QString &dir, const QUrl &url, qint64 chatId,
                qint64 serverPts, int messages) {
    CatchUp out;
    ProfileRun run(kind, dir, url);
    if (!run.open(kOpenTimeoutMs)) {
        say(QStringLiteral("%1: cannot open the profile").arg(kindName(kind)));
        return out;
    }
    const int warningsBefore = g_syncWarnings;
    const double cpuBefore = processCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    run.start(); // resumes with the stored token and asks for the difference
    // Generous: 10 ms per message on top of a minute.
    const bool synced = run.waitSynced(serverPts, 60'000 + messages * 10);
    // Every applied slice committed before synced was emitted, so one read sees them all.
    const std::optional<int> unread = run.unreadCount(chatId, 60'000);
    out.seconds = double(timer.nsecsElapsed()) / 1e9;
    out.cpuSeconds = processCpuSeconds() - cpuBefore;
    out.syncWarnings = g_syncWarnings - warningsBefore;
    out.stored = unread.value_or(-1);
    const QString newest = run.newestText(chatId, 60'000);
    out.peakRss = peakRssBytes();
    out.ok = synced && out.stored == messages && newest.contains(QStringLiteral(" message "));
    if (!out.ok)
        say(QStringLiteral("%1: synced %2 (pts %3 of %4), stored %5 of %6, newest \"%7\"")
                .arg(kindName(kind))
                .arg(synced)
                .arg(run.syncedPts())
                .arg(serverPts)
                .arg(out.stored)
                .arg(messages)
                .arg(newest));
    return out;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    g_previousHandler = qInstallMessageHandler(countingHandler);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The client catching up from msgr-server: encrypted vs plain store"));
    parser.addHelpOption();
    const QCommandLineOption messagesOpt(QStringLiteral("messages"),
                                         QStringLiteral("Messages to catch up."),
                                         QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption connectionsOpt(
        QStringLiteral("connections"), QStringLiteral("Sender connections filling the server."),
        QStringLiteral("n"), QStringLiteral("40"));
    const QCommandLineOption windowOpt(QStringLiteral("window"),
                                       QStringLiteral("Sends in flight per sender connection."),
                                       QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption binOpt(QStringLiteral("server-bin"),
                                    QStringLiteral("msgr-server executable."),
                                    QStringLiteral("path"));
    parser.addOptions({messagesOpt, connectionsOpt, windowOpt, binOpt});
    parser.process(app);
    bool messagesOk = false;
    bool connectionsOk = false;
    bool windowOk = false;
    const int messages = qMax(1, parser.value(messagesOpt).toInt(&messagesOk));
    const int connections = qBound(1, parser.value(connectionsOpt).toInt(&connectionsOk), messages);
    const int window = qMax(1, parser.value(windowOpt).toInt(&windowOk));
    if (!messagesOk || !connectionsOk || !windowOk) {
        std::fprintf(stderr, "bench_client_sync: --messages, --connections and --window take "
                             "whole numbers\n");
        return 2;
    }

    const QString bin = serverBinary(parser, binOpt);
    qputenv("MSGR_SERVER_BIN", bin.toLocal8Bit());
    // Every message is one entry in the receiver's log; keep them all (plus room for chats and
    // devices) so getDifference never answers tooLong.
    const int retention = qMax(200'000, messages * 2);
    ServerProcess server({QStringLiteral("--log-retention"), QString::number(retention)});
    if (!server.start()) {
        say(QStringLiteral("cannot start %1").arg(bin));
        return 1;
    }
    const QUrl url = server.wsUrl();
    say(QStringLiteral("server %1 at %2, log retention %3")
            .arg(bin, url.toString())
            .arg(retention));

    const Accounts accounts;
    QString error;
    const qint64 chatId = createChat(url, accounts, &error);
    if (chatId == 0) {
        say(error);
        return 1;
    }

    QTemporaryDir profiles;
    const QString encryptedDir = profiles.filePath(QStringLiteral("encrypted"));
    const QString plainDir = profiles.filePath(QStringLiteral("plain"));
    for (const auto &[kind, dir] :
         {std::pair{StoreKind::Encrypted, encryptedDir}, std::pair{StoreKind::Plain, plainDir}}) {
        if (!prepareProfile(kind, dir, url, accounts)) {
            say(QStringLiteral("%1: log-in on a fresh profile failed").arg(kindName(kind)));
            return 1;
        }
    }

    say(QStringLiteral("filling: %1 messages over %2 sender connections, window %3")
            .arg(messages)
            .arg(connections)
            .arg(window));
    const FillResult fill = sendMessages(url, accounts, chatId, messages, connections, window);
    if (!fill.ok) {
        say(QStringLiteral("fill failed after %1 of %2: %3")
                .arg(fill.acknowledged)
                .arg(messages)
                .arg(fill.error));
        return 1;
    }
    say(QStringLiteral("filled in %1 s (%2 msgs/s), %3 FLOOD_WAIT retries")
            .arg(fill.seconds, 0, 'f', 1)
            .arg(double(messages) / fill.seconds, 0, 'f', 0)
            .arg(fill.floodWaits));
    const qint64 serverPts = receiverPts(url, accounts);
    if (serverPts < 0) {
        say(QStringLiteral("cannot read the receiver's pts"));
        return 1;
    }
    say(QStringLiteral("client catching up %1 messages to pts %2").arg(messages).arg(serverPts));
    // The peak of the catch-up alone, not of the fill before it.
    const bool peakReset = resetPeakRss();
    const qint64 rssBefore = currentRssBytes();
    const CatchUp encrypted =
        catchUp(StoreKind::Encrypted, encryptedDir, url, chatId, serverPts, messages);
    const CatchUp plain = catchUp(StoreKind::Plain, plainDir, url, chatId, serverPts, messages);
    const bool ok = encrypted.ok && plain.ok;
    const double encRate = double(messages) / encrypted.seconds;
    const double plainRate = double(messages) / plain.seconds;
    for (const auto &[name, r, rate] : {std::tuple{QStringLiteral("encrypted"), encrypted, encRate},
                                        std::tuple{QStringLiteral("plain"), plain, plainRate}}) {
        say(QStringLiteral("%1: %2 msgs in %3 s = %4 msgs/s (CPU %5 s, %6 sync warnings)")
                .arg(name)
                .arg(r.stored)
                .arg(r.seconds, 0, 'f', 2)
                .arg(rate, 0, 'f', 0)
                .arg(r.cpuSeconds, 0, 'f', 2)
                .arg(r.syncWarnings));
    }
    const double ratio = encRate / plainRate;
    const double cpuRatio = encrypted.cpuSeconds / plain.cpuSeconds;
    const qint64 peak = peakRssBytes();
    say(QStringLiteral("encrypted/plain throughput ratio %1 (by CPU time %2); "
                       "peak RSS %3 MiB%5 (%4 MiB before catching up)")
            .arg(ratio, 0, 'f', 3)
            .arg(1.0 / cpuRatio, 0, 'f', 3)
            .arg(double(peak) / 1048576.0, 0, 'f', 1)
            .arg(double(rssBefore) / 1048576.0, 0, 'f', 1)
            .arg(peakReset ? QStringLiteral(" while catching up") : QStringLiteral(" of the run")));

    QJsonObject json{
        {QStringLiteral("bench"), QStringLiteral("client_sync")},
        {QStringLiteral("ok"), ok},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("senderConnections"), connections},
        {QStringLiteral("fillSeconds"), fill.seconds},
        {QStringLiteral("fillFloodWaits"), fill.floodWaits},
        {QStringLiteral("serverPts"), serverPts},
        {QStringLiteral("encryptedSeconds"), encrypted.seconds},
        {QStringLiteral("encryptedMsgsPerSec"), encRate},
        {QStringLiteral("encryptedCpuSeconds"), encrypted.cpuSeconds},
        {QStringLiteral("plainSeconds"), plain.seconds},
        {QStringLiteral("plainMsgsPerSec"), plainRate},
        {QStringLiteral("plainCpuSeconds"), plain.cpuSeconds},
        {QStringLiteral("ratioEncryptedToPlain"), ratio},
        {QStringLiteral("encryptedMsgsPerCpuSec"), double(messages) / encrypted.cpuSeconds},
        {QStringLiteral("plainMsgsPerCpuSec"), double(messages) / plain.cpuSeconds},
        {QStringLiteral("cpuRatioEncryptedToPlain"), 1.0 / cpuRatio},
        {QStringLiteral("syncWarnings"), encrypted.syncWarnings + plain.syncWarnings},
        {QStringLiteral("peakRssBytes"), peak},
        {QStringLiteral("peakRssIsCatchUpOnly"), peakReset},
        {QStringLiteral("rssBeforeCatchUpBytes"), rssBefore},
    };
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    return ok ? 0 : 1;
}
