// bench_server_load: the real msgr-server under N logged-in users, each on its own WebSocket.
//
//   1. Accounts: created once through the server (auth.signUp; FLOOD_WAIT from the Argon2id
//      queue is retried after retryAfterMs) and kept with their tokens in <work-dir>/accounts.tsv
//      beside the server's data directory <work-dir>/data; later runs log in by token. A server
//      the bench started is restarted after creating accounts, so what follows measures a fresh
//      process.
//   2. Idle memory: server VmRSS before any connection, then with N connections that did hello
//      and auth.resume and sit idle (also at each --idle-levels step): KiB per idle
//      authenticated connection.
//   3. Each user opens private chats with the next --chats-per-user users.
//   4. Rate phase: --rate messages/s offered in total (open loop, spread over the users), for
//      --duration s. Saturation phase: --inflight sends kept in flight in total (closed loop,
//      round robin over the users) for --duration s. Both: delivered messages/s (received by the
//      other member of the chat), p50/p99 send -> delivery latency, server CPU seconds
//      (/proc/<pid>/stat utime+stime over the phase, until the last delivery) and delivered
//      messages per server-CPU-second. The server answers messages.send only after a durable commit
//      (fsync).
//
//   5. Ping phase (only when asked: --phases ping): --inflight `ping` requests kept in flight in
//      total, closed loop. A ping is answered on the connection thread without the store or the
//      fan-out, so its cost per server-CPU-second is the edge's share of a message's (WebSocket,
//      frame decoding, dispatch, rate limit, one answer), measured on the same connections.
//
//   bench_server_load [--users 1000] [--text-bytes 100] [--rate 20000] [--duration 10]
//                     [--phases rate,saturation,ping] [--inflight 1000] [--client-threads 2]
//                     [--server-workers N] [--server-bin PATH] [--server-arg ARG]...
//                     [--connect ws://HOST:PORT/ --server-pid PID] [--work-dir DIR] [--fresh]
//
// Clients and server are separate processes; each raises its open-file soft limit to the hard
// limit (20,000 here), so 10,000 users fit. The last line is machine-readable: BENCH {...}.
#include "bench/server_load/account_file.h"
#include "bench/server_load/client_loop.h"
#include "bench/server_load/proc_stats.h"
#include "bench/server_load/server_handle.h"
#include "protocol/limits.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>

using namespace msgr::bench;

namespace {

constexpr int kPollMs = 10;
constexpr int kProgressEveryMs = 10'000;
//! Sign-up stops when no account was created for this long (the server is stuck or refusing).
constexpr int kSignUpStallMs = 180'000;
constexpr int kConnectTimeoutMs = 600'000;
constexpr int kChatsTimeoutMs = 300'000;
//! After a phase's last send its answers and deliveries may take long (an offered rate above
//! what the server sustains leaves a backlog); the next phase must not start before they are
//! in, so the wait ends only when they are, or when none arrived for kDrainStallMs.
constexpr int kDrainStallMs = 30'000;
constexpr int kDrainMaxMs = 900'000;
//! Loops start a phase together, this long after the main thread posts it.
constexpr qint64 kPhaseLeadUs = 200'000;
constexpr qint64 kMaxUsernameIndexDigits = 6;
//! The bench's texts are ASCII: one byte per character of the protocol's limit.
constexpr int kMaxTextBytes = msgr::protocol::kMaxTextChars;

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

//! Polls pred() every kPollMs until it holds or timeoutMs passes; onProgress every 10 s.
bool waitFor(const std::function<bool()> &pred, qint64 timeoutMs,
             const std::function<void()> &onProgress = {}) {
    QElapsedTimer timer;
    timer.start();
    qint64 nextProgress = kProgressEveryMs;
    while (!pred()) {
        if (timer.elapsed() >= timeoutMs)
            return pred();
        if (onProgress && timer.elapsed() >= nextProgress) {
            onProgress();
            nextProgress += kProgressEveryMs;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
    }
    return true;
}

double percentileMs(const std::vector<qint64> &sortedUs, double p) {
    if (sortedUs.empty())
        return -1;
    const auto index = std::size_t(p * double(sortedUs.size() - 1) + 0.5);
    return double(sortedUs.at(index)) / 1000.0;
}

QString defaultServerBinary() {
    const QString env = qEnvironmentVariable("MSGR_SERVER_BIN");
    return env.isEmpty() ? QStringLiteral(MSGR_DEFAULT_SERVER_BIN) : env;
}

struct Options {
    int users = 1000;
    int textBytes = 100;
    double rate = 20000;
    int durationS = 10;
    bool ratePhase = true;
    bool saturationPhase = true;
    bool pingPhase = false;
    int inFlight = 1000;
    int clientThreads = 2;
    QString serverWorkers;
    QString serverBin;
    QStringList serverArgs;
    QUrl connectUrl;
    qint64 serverPid = 0;
    QString workDir;
    bool fresh = false;
    int chatsPerUser = 2;
    QList<int> idleLevels;
    int settleMs = 3000;
    int connectionsPerSource = 200;
    int authConcurrency = 128;
};

bool parseOptions(const QCoreApplication &app, Options *o, QString *error) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load benchmark of msgr-server (see the header of bench/server_load/main.cpp)"));
    parser.addHelpOption();
    auto option = [&](const char *name, const char *help, const char *value, const char *def) {
        QCommandLineOption opt(QString::fromLatin1(name), QString::fromLatin1(help),
                               QString::fromLatin1(value), QString::fromLatin1(def));
        parser.addOption(opt);
        return opt;
    };
    const auto users = option("users", "Users, each one connection.", "n", "1000");
    const auto textBytes = option("text-bytes", "Bytes of each message text.", "n", "100");
    const auto rate = option("rate", "Offered messages/s in the rate phase.", "n", "20000");
    const auto duration = option("duration", "Seconds of each phase.", "s", "10");
    const auto phases =
        option("phases", "Phases to run: rate, saturation, ping.", "list", "rate,saturation");
    const auto inFlight = option(
        "inflight",
        "Saturation (ping): messages.send (ping) in flight in total (round robin over the users).",
        "n", "1000");
    const auto threads = option("client-threads", "Client threads (epoll loops).", "n", "2");
    const auto workers =
        option("server-workers", "Passed to a started server as --workers.", "n", "");
    const auto bin =
        option("server-bin", "msgr-server to start (default: this build's, or $MSGR_SERVER_BIN).",
               "path", "");
    const auto serverArg =
        option("server-arg", "One more argument for a started server (repeatable).", "arg", "");
    const auto connect = option("connect", "Use a running server at this ws:// URL.", "url", "");
    const auto pid = option("server-pid", "Process id of the --connect server.", "pid", "0");
    const auto workDir = option("work-dir", "Server data and cached accounts.", "dir",
                                "/tmp/msgr-bench-server-load");
    const QCommandLineOption fresh(QStringLiteral("fresh"),
                                   QStringLiteral("Forget the cached accounts (and the data of a "
                                                  "server the bench starts) first."));
    parser.addOption(fresh);
    const auto chats = option("chats-per-user", "Private chats each user opens.", "n", "2");
    const auto idle =
        option("idle-levels",
               "Also measure idle memory at these connection counts (below --users).", "list", "");
    const auto settle =
        option("settle-ms", "Wait before reading the server's idle RSS.", "ms", "3000");
    const auto perSource =
        option("connections-per-source",
               "Connections per loopback source address (127.0.0.1, .2, ...; the server caps "
               "connections per address); 0: do not bind.",
               "n", "200");
    const auto authConcurrency =
        option("auth-concurrency", "Handshakes and log-ins in flight at once.", "n", "128");
    parser.process(app);

    auto intValue = [&](const QCommandLineOption &opt, int min, int *out) {
        bool ok = false;
        const int value = parser.value(opt).toInt(&ok);
        if (!ok || value < min) {
            *error =
                QStringLiteral("--%1 must be an integer >= %2").arg(opt.names().first()).arg(min);
            return false;
        }
        *out = value;
        return true;
    };
    bool ok = intValue(users, 2, &o->users) && intValue(textBytes, 1, &o->textBytes) &&
              intValue(duration, 1, &o->durationS) && intValue(inFlight, 1, &o->inFlight) &&
              intValue(threads, 1, &o->clientThreads) && intValue(chats, 1, &o->chatsPerUser) &&
              intValue(settle, 0, &o->settleMs) &&
              intValue(perSource, 0, &o->connectionsPerSource) &&
              intValue(authConcurrency, 1, &o->authConcurrency);
    if (!ok)
        return false;
    if (o->textBytes > kMaxTextBytes) {
        *error = QStringLiteral("--text-bytes: the protocol allows at most %1 characters")
                     .arg(kMaxTextBytes);
        return false;
    }
    o->rate = parser.value(rate).toDouble(&ok);
    if (!ok || o->rate < 0) {
        *error = QStringLiteral("--rate must be a number >= 0");
        return false;
    }
    const QStringList phaseList = parser.value(phases).split(QLatin1Char(','), Qt::SkipEmptyParts);
    o->ratePhase = phaseList.contains(QStringLiteral("rate")) && o->rate > 0;
    o->saturationPhase = phaseList.contains(QStringLiteral("saturation"));
    o->pingPhase = phaseList.contains(QStringLiteral("ping"));
    for (const QString &name : phaseList) {
        if (name != QStringLiteral("rate") && name != QStringLiteral("saturation") &&
            name != QStringLiteral("ping") && name != QStringLiteral("none")) {
            *error = QStringLiteral("--phases: unknown phase %1").arg(name);
            return false;
        }
    }
    o->chatsPerUser = qMin(o->chatsPerUser, o->users - 1);
    o->serverWorkers = parser.value(workers);
    o->serverBin = parser.isSet(bin) ? parser.value(bin) : defaultServerBinary();
    for (const QString &arg : parser.values(serverArg))
        if (!arg.isEmpty())
            o->serverArgs << arg;
    if (parser.isSet(connect)) {
        o->connectUrl = QUrl(parser.value(connect));
        o->serverPid = parser.value(pid).toLongLong(&ok);
        if (!o->connectUrl.isValid() || o->connectUrl.scheme() != QStringLiteral("ws") ||
            o->connectUrl.port() <= 0 || !ok || o->serverPid <= 0) {
            *error = QStringLiteral("--connect needs ws://HOST:PORT/ and --server-pid PID");
            return false;
        }
    }
    o->workDir = parser.value(workDir);
    o->fresh = parser.isSet(fresh);
    for (const QString &level : parser.value(idle).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int n = level.toInt(&ok);
        if (!ok || n <= 0) {
            *error = QStringLiteral("--idle-levels: %1 is not a positive integer").arg(level);
            return false;
        }
        if (n < o->users)
            o->idleLevels.append(n);
    }
    std::sort(o->idleLevels.begin(), o->idleLevels.end());
    o->idleLevels.append(o->users);
    return true;
}

class Bench {
public:
    explicit Bench(Options options) : m_o(std::move(options)) {}
    int run();

private:
    bool startServer();
    bool ensureAccounts();
    void createLoops();
    qint64 sum(const std::function<qint64(const LoopCounters &)> &field) const;
    qint64 sumPhase(Phase phase, std::atomic<qint64> PhaseCounters::*field) const;
    bool connectUsers();
    bool openChats();
    QJsonObject runPhase(Phase phase);

    Options m_o;
    QJsonObject m_out;
    std::unique_ptr<ServerHandle> m_server;
    std::unique_ptr<AccountFile> m_accounts;
    std::vector<std::unique_ptr<ClientLoop>> m_loops;
    int m_exitCode = 0;
};

bool Bench::startServer() {
    if (!m_o.connectUrl.isEmpty()) {
        m_server = ServerHandle::attach(m_o.connectUrl.host(), quint16(m_o.connectUrl.port()),
                                        m_o.serverPid);
        return true;
    }
    QStringList args;
    if (!m_o.serverWorkers.isEmpty())
        args << QStringLiteral("--workers") << m_o.serverWorkers;
    args += m_o.serverArgs;
    QString error;
    m_server =
        ServerHandle::spawn(m_o.serverBin, QDir(m_o.workDir).filePath(QStringLiteral("data")),
                            m_o.workDir, args, &error);
    if (!m_server)
        say(QStringLiteral("cannot start the server: %1").arg(error));
    return m_server != nullptr;
}

void Bench::createLoops() {
    m_loops.clear();
    LoopConfig config;
    config.server.sin_family = AF_INET;
    config.server.sin_port = htons(m_server->port());
    inet_pton(AF_INET, qPrintable(m_server->host()), &config.server.sin_addr);
    config.hostHeader =
        QStringLiteral("%1:%2").arg(m_server->host()).arg(m_server->port()).toLatin1();
    config.connectionsPerSource = m_o.connectionsPerSource;
    AccountFile *accounts = m_accounts.get();
    config.onSignedUp = [accounts](const QString &username, qint64 userId, const QString &token) {
        if (!accounts->append({username, userId, token}))
            ClientLoop::warnLimited("accounts",
                                    QStringLiteral("cannot write %1").arg(accounts->path()));
    };
    for (int i = 0; i < m_o.clientThreads; ++i)
        m_loops.push_back(std::make_unique<ClientLoop>(config));
}

qint64 Bench::sum(const std::function<qint64(const LoopCounters &)> &field) const {
    qint64 total = 0;
    for (const auto &loop : m_loops)
        total += field(loop->counters());
    return total;
}

qint64 Bench::sumPhase(Phase phase, std::atomic<qint64> PhaseCounters::*field) const {
    return sum([&](const LoopCounters &c) { return (c.phase[int(phase)].*field).load(); });
}

bool Bench::ensureAccounts() {
    m_accounts =
        std::make_unique<AccountFile>(QDir(m_o.workDir).filePath(QStringLiteral("accounts.tsv")));
    QString error;
    if (!m_accounts->load(&error)) {
        say(error);
        return false;
    }
    const int have = int(m_accounts->accounts().size());
    const int missing = m_o.users - have;
    m_out.insert(QStringLiteral("accounts_cached"), have);
    if (missing <= 0) {
        say(QStringLiteral("%1 accounts cached in %2").arg(have).arg(m_accounts->path()));
        return true;
    }
    // New usernames carry a random tag: they never collide with accounts of an earlier run.
    const QString tag =
        QString::number(QRandomGenerator::global()->bounded(0x100000, 0xffffff), 16);
    say(QStringLiteral("%1 accounts cached; creating %2 through auth.signUp (one Argon2id hash "
                       "each; FLOOD_WAIT is retried)")
            .arg(have)
            .arg(missing));
    createLoops();
    std::vector<std::vector<UserSpec>> shares(m_loops.size());
    for (int i = 0; i < missing; ++i) {
        const int globalIndex = have + i;
        shares[std::size_t(i) % m_loops.size()].push_back(
            {globalIndex, QStringLiteral("b%1_%2").arg(tag).arg(
                              globalIndex, kMaxUsernameIndexDigits, 10, QLatin1Char('0'))});
    }
    const int perLoop = qMax(1, m_o.authConcurrency / int(m_loops.size()));
    QElapsedTimer timer;
    timer.start();
    for (std::size_t i = 0; i < m_loops.size(); ++i)
        m_loops[i]->post([loop = m_loops[i].get(), share = shares[i], perLoop] {
            loop->authenticate(share, BenchUser::AuthMode::SignUp, perLoop);
        });
    qint64 lastDone = 0;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    auto done = [&] {
        return sum([](const LoopCounters &c) { return c.authenticated + c.authFailed; });
    };
    const bool finished = waitFor(
        [&] {
            const qint64 now = done();
            if (now != lastDone) {
                lastDone = now;
                sinceProgress.restart();
            }
            return now >= missing || sinceProgress.elapsed() > kSignUpStallMs;
        },
        std::numeric_limits<qint64>::max(),
        [&] {
            say(QStringLiteral("  signed up %1 of %2 in %3 s (%4/s), FLOOD_WAIT %5, reconnects %6")
                    .arg(sum([](const LoopCounters &c) { return c.authenticated.load(); }))
                    .arg(missing)
                    .arg(double(timer.elapsed()) / 1000, 0, 'f', 0)
                    .arg(double(sum([](const LoopCounters &c) { return c.authenticated.load(); })) *
                             1000 / double(qMax<qint64>(1, timer.elapsed())),
                         0, 'f', 1)
                    .arg(sum([](const LoopCounters &c) { return c.authFloodWaits.load(); }))
                    .arg(sum([](const LoopCounters &c) { return c.authReconnects.load(); })));
        });
    const qint64 created = sum([](const LoopCounters &c) { return c.authenticated.load(); });
    const qint64 floodWaits = sum([](const LoopCounters &c) { return c.authFloodWaits.load(); });
    const double seconds = double(timer.elapsed()) / 1000;
    for (auto &loop : m_loops)
        loop->call<bool>([&loop] {
            loop->closeAll();
            return true;
        });
    m_loops.clear();
    say(QStringLiteral("created %1 accounts in %2 s (%3/s); FLOOD_WAIT answers retried: %4")
            .arg(created)
            .arg(seconds, 0, 'f', 1)
            .arg(double(created) / seconds, 0, 'f', 1)
            .arg(floodWaits));
    m_out.insert(QStringLiteral("accounts_created"), double(created));
    m_out.insert(QStringLiteral("signup_s"), seconds);
    m_out.insert(QStringLiteral("signup_flood_waits"), double(floodWaits));
    if (!finished || int(m_accounts->accounts().size()) < m_o.users) {
        say(QStringLiteral("sign-up incomplete: %1 of %2 accounts")
                .arg(m_accounts->accounts().size())
                .arg(m_o.users));
        return false;
    }
    if (m_server->owned()) {
        say(QStringLiteral("restarting the server: the measurement starts from a fresh process"));
        if (!m_server->restart(&error)) {
            say(error);
            return false;
        }
    } else {
        say(QStringLiteral("note: the attached server served the sign-ups; restart it for a clean "
                           "idle-memory figure"));
    }
    return true;
}

bool Bench::connectUsers() {
    const qint64 pid = m_server->pid();
    std::this_thread::sleep_for(std::chrono::milliseconds(m_o.settleMs));
    const qint64 rssBefore = processRssBytes(pid);
    say(QStringLiteral("server RSS with no connection: %1 MiB")
            .arg(double(rssBefore) / 1048576, 0, 'f', 1));
    m_out.insert(QStringLiteral("rss_no_connections_mib"), double(rssBefore) / 1048576);
    QJsonObject idle;
    int opened = 0;
    const int perLoop = qMax(1, m_o.authConcurrency / int(m_loops.size()));
    for (int level : m_o.idleLevels) {
        if (level <= opened)
            continue;
        std::vector<std::vector<UserSpec>> shares(m_loops.size());
        for (int g = opened; g < level; ++g)
            shares[std::size_t(g) % m_loops.size()].push_back(
                {g, m_accounts->accounts().at(std::size_t(g)).token});
        QElapsedTimer timer;
        timer.start();
        const double cpuBefore = processCpuSeconds(pid);
        for (std::size_t i = 0; i < m_loops.size(); ++i)
            m_loops[i]->post([loop = m_loops[i].get(), share = shares[i], perLoop] {
                loop->authenticate(share, BenchUser::AuthMode::Resume, perLoop);
            });
        opened = level;
        auto finished = [&] {
            return sum([](const LoopCounters &c) { return c.authenticated + c.authFailed; });
        };
        const bool ok = waitFor(
            [&] { return finished() >= opened; }, kConnectTimeoutMs,
            [&] {
                say(QStringLiteral("  %1 of %2 connections logged in").arg(finished()).arg(opened));
            });
        const double connectS = double(timer.elapsed()) / 1000;
        const double connectCpu = processCpuSeconds(pid) - cpuBefore;
        std::this_thread::sleep_for(std::chrono::milliseconds(m_o.settleMs));
        const qint64 loggedIn = sum([](const LoopCounters &c) { return c.authenticated.load(); });
        const qint64 stillOpen = sum([](const LoopCounters &c) { return c.open.load(); });
        const qint64 rss = processRssBytes(pid);
        const double kibPerConnection =
            double(rss - rssBefore) / 1024 / double(qMax<qint64>(1, stillOpen));
        say(QStringLiteral("%1 idle authenticated connections (%2 logged in, %3 failed) in %4 s, "
                           "server CPU %5 s: server RSS %6 MiB, %7 KiB per idle connection")
                .arg(stillOpen)
                .arg(loggedIn)
                .arg(sum([](const LoopCounters &c) { return c.authFailed.load(); }))
                .arg(connectS, 0, 'f', 1)
                .arg(connectCpu, 0, 'f', 2)
                .arg(double(rss) / 1048576, 0, 'f', 1)
                .arg(kibPerConnection, 0, 'f', 2));
        QJsonObject entry{{QStringLiteral("open"), double(stillOpen)},
                          {QStringLiteral("rss_mib"), double(rss) / 1048576},
                          {QStringLiteral("kib_per_conn"), kibPerConnection},
                          {QStringLiteral("connect_s"), connectS},
                          {QStringLiteral("connect_server_cpu_s"), connectCpu}};
        idle.insert(QString::number(level), entry);
        if (!ok || stillOpen < level) {
            say(QStringLiteral("only %1 of %2 connections are open and logged in")
                    .arg(stillOpen)
                    .arg(level));
            m_out.insert(QStringLiteral("idle"), idle);
            return false;
        }
    }
    m_out.insert(QStringLiteral("idle"), idle);
    return true;
}

bool Bench::openChats() {
    std::vector<qint64> userIds;
    for (int g = 0; g < m_o.users; ++g)
        userIds.push_back(m_accounts->accounts().at(std::size_t(g)).userId);
    for (auto &loop : m_loops)
        loop->post([l = loop.get(), userIds, k = m_o.chatsPerUser] { l->openChats(userIds, k); });
    const qint64 expected = qint64(m_o.users) * m_o.chatsPerUser;
    QElapsedTimer timer;
    timer.start();
    const bool ok = waitFor(
        [&] { return sum([](const LoopCounters &c) { return c.chatsOpened.load(); }) >= expected; },
        kChatsTimeoutMs);
    say(QStringLiteral("opened %1 private chats (%2 per user) in %3 s")
            .arg(sum([](const LoopCounters &c) { return c.chatsOpened.load(); }))
            .arg(m_o.chatsPerUser)
            .arg(double(timer.elapsed()) / 1000, 0, 'f', 1));
    return ok;
}

QJsonObject Bench::runPhase(Phase phase) {
    const bool rate = phase == Phase::Rate;
    const qint64 pid = m_server->pid();
    const qint64 startUs = monotonicUs() + kPhaseLeadUs;
    const qint64 endUs = startUs + qint64(m_o.durationS) * 1'000'000;
    const double cpuBefore = processCpuSeconds(pid);
    const double selfBefore = selfCpuSeconds();
    const qint64 closedBefore = sum([](const LoopCounters &c) { return c.closedByServer.load(); });
    for (std::size_t i = 0; i < m_loops.size(); ++i) {
        PhaseConfig config;
        config.phase = phase;
        config.ratePerSecond = rate ? m_o.rate / double(m_loops.size()) : 0;
        config.inFlight = qMax(1, m_o.inFlight / int(m_loops.size()));
        config.textBytes = m_o.textBytes;
        config.startUs = startUs;
        config.endUs = endUs;
        m_loops[i]->post([l = m_loops[i].get(), config] { l->startPhase(config); });
    }
    const bool ping = phase == Phase::Ping;
    say(rate ? QStringLiteral("rate phase: %1 messages/s offered for %2 s (%3 per user per s)")
                   .arg(m_o.rate)
                   .arg(m_o.durationS)
                   .arg(m_o.rate / m_o.users, 0, 'f', 2)
             : QStringLiteral("%1 phase: %2 %3 in flight (in total) for %4 s")
                   .arg(ping ? QStringLiteral("ping") : QStringLiteral("saturation"))
                   .arg(m_o.inFlight)
                   .arg(ping ? QStringLiteral("pings") : QStringLiteral("sends"))
                   .arg(m_o.durationS));
    std::this_thread::sleep_for(std::chrono::microseconds(endUs - monotonicUs()));
    auto settled = [&] {
        const qint64 sent = sumPhase(phase, &PhaseCounters::sent);
        const qint64 answered =
            sumPhase(phase, &PhaseCounters::acked) + sumPhase(phase, &PhaseCounters::failed);
        return answered >= sent &&
               sumPhase(phase, &PhaseCounters::delivered) >= sumPhase(phase, &PhaseCounters::acked);
    };
    qint64 lastProgress = -1;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    const bool drained = waitFor(
                             [&] {
                                 const qint64 progress = sumPhase(phase, &PhaseCounters::acked) +
                                                         sumPhase(phase, &PhaseCounters::delivered);
                                 if (progress != lastProgress) {
                                     lastProgress = progress;
                                     sinceProgress.restart();
                                 }
                                 return settled() || sinceProgress.elapsed() > kDrainStallMs;
                             },
                             kDrainMaxMs,
                             [&] {
                                 say(QStringLiteral("  draining: %1 of %2 delivered")
                                         .arg(sumPhase(phase, &PhaseCounters::delivered))
                                         .arg(sumPhase(phase, &PhaseCounters::sent)));
                             }) &&
                         settled();
    const double cpu = processCpuSeconds(pid) - cpuBefore;
    const double selfCpu = selfCpuSeconds() - selfBefore;
    qint64 lastDeliveryUs = 0;
    for (const auto &loop : m_loops)
        lastDeliveryUs =
            qMax(lastDeliveryUs, loop->counters().phase[int(phase)].lastDeliveryUs.load());
    std::vector<qint64> latencies;
    for (auto &loop : m_loops) {
        std::vector<qint64> part = loop->call<std::vector<qint64>>(
            [l = loop.get(), phase] { return l->takeLatenciesUs(phase); });
        latencies.insert(latencies.end(), part.begin(), part.end());
    }
    std::sort(latencies.begin(), latencies.end());
    const qint64 sent = sumPhase(phase, &PhaseCounters::sent);
    const qint64 delivered = sumPhase(phase, &PhaseCounters::delivered);
    const double spanS = double(qMax(lastDeliveryUs, endUs) - startUs) / 1e6;
    const double deliveredPerS = double(delivered) / spanS;
    const double perCpu = cpu > 0 ? double(delivered) / cpu : -1;
    const qint64 floodWaits = sumPhase(phase, &PhaseCounters::floodWaits);
    const qint64 failed = sumPhase(phase, &PhaseCounters::failed);
    const qint64 closed =
        sum([](const LoopCounters &c) { return c.closedByServer.load(); }) - closedBefore;
    say(QStringLiteral("  sent %1 (%2/s offered and sent), %9 %3 in %4 s: %5 %10/s; "
                       "latency p50 %6 ms, p99 %7 ms, max %8 ms")
            .arg(sent)
            .arg(double(sent) / m_o.durationS, 0, 'f', 0)
            .arg(delivered)
            .arg(spanS, 0, 'f', 2)
            .arg(deliveredPerS, 0, 'f', 0)
            .arg(percentileMs(latencies, 0.50), 0, 'f', 2)
            .arg(percentileMs(latencies, 0.99), 0, 'f', 2)
            .arg(percentileMs(latencies, 1.0), 0, 'f', 2)
            .arg(ping ? QStringLiteral("answered") : QStringLiteral("delivered"))
            .arg(ping ? QStringLiteral("pings") : QStringLiteral("msgs")));
    say(QStringLiteral("  server CPU %1 s: %2 %8 per server-CPU-second; bench CPU %3 s; "
                       "FLOOD_WAIT %4, failed %5, closed by server %6%7")
            .arg(cpu, 0, 'f', 2)
            .arg(perCpu, 0, 'f', 0)
            .arg(selfCpu, 0, 'f', 2)
            .arg(floodWaits)
            .arg(failed)
            .arg(closed)
            .arg(drained ? QString()
                         : QStringLiteral(" (NOT DRAINED: answers or deliveries missing)"))
            .arg(ping ? QStringLiteral("answered pings") : QStringLiteral("delivered msgs")));
    if (!drained)
        m_exitCode = 2;
    return {{QStringLiteral("offered_per_s"), rate ? m_o.rate : -1},
            {QStringLiteral("sent"), double(sent)},
            {QStringLiteral("sent_per_s"), double(sent) / m_o.durationS},
            {QStringLiteral("delivered"), double(delivered)},
            {QStringLiteral("span_s"), spanS},
            {QStringLiteral("delivered_per_s"), deliveredPerS},
            {QStringLiteral("p50_ms"), percentileMs(latencies, 0.50)},
            {QStringLiteral("p99_ms"), percentileMs(latencies, 0.99)},
            {QStringLiteral("max_ms"), percentileMs(latencies, 1.0)},
            {QStringLiteral("server_cpu_s"), cpu},
            {QStringLiteral("msgs_per_server_cpu_s"), perCpu},
            {QStringLiteral("bench_cpu_s"), selfCpu},
            {QStringLiteral("flood_waits"), double(floodWaits)},
            {QStringLiteral("failed"), double(failed)},
            {QStringLiteral("closed_by_server"), double(closed)},
            {QStringLiteral("drained"), drained}};
}

int Bench::run() {
    const qint64 nofile = raiseOpenFileLimit();
    const QString loadStart = loadAverage();
    if (m_o.fresh) {
        QFile::remove(QDir(m_o.workDir).filePath(QStringLiteral("accounts.tsv")));
        if (m_o.connectUrl.isEmpty())
            QDir(QDir(m_o.workDir).filePath(QStringLiteral("data"))).removeRecursively();
    }
    if (!QDir().mkpath(m_o.workDir)) {
        say(QStringLiteral("cannot create %1").arg(m_o.workDir));
        return 1;
    }
    if (!startServer())
        return 1;
    say(QStringLiteral("server %1; open-file limit %2; load average %3; %4 users, %5-byte texts, "
                       "%6 client threads")
            .arg(m_server->describe())
            .arg(nofile)
            .arg(loadStart)
            .arg(m_o.users)
            .arg(m_o.textBytes)
            .arg(m_o.clientThreads));
    m_out.insert(QStringLiteral("users"), m_o.users);
    m_out.insert(QStringLiteral("text_bytes"), m_o.textBytes);
    m_out.insert(QStringLiteral("client_threads"), m_o.clientThreads);
    m_out.insert(QStringLiteral("server_workers"),
                 m_o.serverWorkers.isEmpty() ? QStringLiteral("default") : m_o.serverWorkers);
    m_out.insert(QStringLiteral("load_avg_start"), loadStart);
    if (!ensureAccounts())
        return 1;
    createLoops();
    if (!connectUsers()) {
        m_exitCode = 3;
    } else if (!openChats()) {
        m_exitCode = 4;
    } else {
        if (m_o.ratePhase)
            m_out.insert(QStringLiteral("rate"), runPhase(Phase::Rate));
        if (m_o.saturationPhase)
            m_out.insert(QStringLiteral("saturation"), runPhase(Phase::Saturation));
        if (m_o.pingPhase)
            m_out.insert(QStringLiteral("ping"), runPhase(Phase::Ping));
    }
    const qint64 rssEnd = processRssBytes(m_server->pid());
    m_out.insert(QStringLiteral("rss_end_mib"), double(rssEnd) / 1048576);
    m_loops.clear(); // closes every connection
    m_server->stop();
    m_out.insert(QStringLiteral("load_avg_end"), loadAverage());
    say(QStringLiteral("load average at the end: %1").arg(loadAverage()));
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(m_out).toJson(QJsonDocument::Compact)));
    return m_exitCode;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    Options options;
    QString error;
    if (!parseOptions(app, &options, &error)) {
        std::fprintf(stderr, "bench_server_load: %s\n", qPrintable(error));
        return 2;
    }
    Bench bench(std::move(options));
    return bench.run();
}
