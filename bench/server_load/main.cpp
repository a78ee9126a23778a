// bench_server_load: starts the real msgr-server, signs up N users, exchanges M messages between
// random pairs (measuring delivered messages/s and send-to-receive latency), then opens 1,000
// and 10,000 idle connections (hello + auth.resume) and reports server RSS per connection.
//
//   bench_server_load [--users 50] [--messages 20000] [--window 8] [--threads 2]
//                     [--chats-per-user 5] [--idle 1000,10000] [--server-bin PATH]
//
// The last line is machine-readable: BENCH {...}.
#include "bench/server_load/load_worker.h"
#include "bench/server_load/process_rss.h"
#include "tests/support/server_process.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace msgr::bench;

namespace {

//! Runs the event loop until pred() holds or timeoutMs passes; returns pred().
bool waitUntil(const std::function<bool()> &pred, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (pred() || deadline.hasExpired())
            loop.quit();
    });
    poll.start(5);
    if (!pred())
        loop.exec();
    return pred();
}

void say(const QString &line) {
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

double percentileMs(const QList<qint64> &sortedUs, double p) {
    if (sortedUs.isEmpty())
        return -1;
    const auto index = qsizetype(p * double(sortedUs.size() - 1));
    return double(sortedUs.at(index)) / 1000.0;
}

QString serverBinary(const QCommandLineParser &parser, const QCommandLineOption &option) {
    if (parser.isSet(option))
        return parser.value(option);
    const QString env = qEnvironmentVariable("MSGR_SERVER_BIN");
    return env.isEmpty() ? QStringLiteral(MSGR_DEFAULT_SERVER_BIN) : env;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Load benchmark of msgr-server"));
    parser.addHelpOption();
    const QCommandLineOption usersOpt(QStringLiteral("users"),
                                      QStringLiteral("Users (each one connection)."),
                                      QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption messagesOpt(QStringLiteral("messages"),
                                         QStringLiteral("Messages in total."), QStringLiteral("n"),
                                         QStringLiteral("20000"));
    const QCommandLineOption windowOpt(QStringLiteral("window"),
                                       QStringLiteral("Sends in flight per connection."),
                                       QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"),
                                        QStringLiteral("Client threads."), QStringLiteral("n"),
                                        QStringLiteral("2"));
    const QCommandLineOption chatsOpt(QStringLiteral("chats-per-user"),
                                      QStringLiteral("Private chats each user sends to."),
                                      QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption idleOpt(QStringLiteral("idle"),
                                     QStringLiteral("Idle connection levels."),
                                     QStringLiteral("list"), QStringLiteral("1000,10000"));
    const QCommandLineOption binOpt(QStringLiteral("server-bin"),
                                    QStringLiteral("msgr-server executable."),
                                    QStringLiteral("path"));
    const QCommandLineOption idleThreadsOpt(
        QStringLiteral("idle-threads"),
        QStringLiteral(
            "Client threads holding idle connections (poll() cost grows with sockets per thread)."),
        QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption serverWorkersOpt(QStringLiteral("server-workers"),
                                              QStringLiteral("Passed to the server as --workers."),
                                              QStringLiteral("n"));
    parser.addOptions({usersOpt, messagesOpt, windowOpt, threadsOpt, chatsOpt, idleOpt, binOpt,
                       serverWorkersOpt, idleThreadsOpt});
    parser.process(app);
    const int users = qMax(2, parser.value(usersOpt).toInt());
    const int messages = qMax(1, parser.value(messagesOpt).toInt());
    const int window = qMax(1, parser.value(windowOpt).toInt());
    const int threadCount = qMax(1, parser.value(threadsOpt).toInt());
    const int idleThreadCount = qMax(1, parser.value(idleThreadsOpt).toInt());
    const int chatsPerUser = qBound(1, parser.value(chatsOpt).toInt(), users - 1);
    QList<int> idleLevels;
    for (const QString &level : parser.value(idleOpt).split(QLatin1Char(','), Qt::SkipEmptyParts))
        idleLevels.append(level.toInt());

    const qint64 nofile = raiseOpenFileLimit(); // the server, our child, inherits it
    const QString bin = serverBinary(parser, binOpt);
    qputenv("MSGR_SERVER_BIN", bin.toLocal8Bit());
    QStringList serverArgs;
    if (parser.isSet(serverWorkersOpt))
        serverArgs << QStringLiteral("--workers") << parser.value(serverWorkersOpt);
    ServerProcess server(serverArgs);
    if (!server.start()) {
        say(QStringLiteral("cannot start %1").arg(bin));
        return 1;
    }
    const qint64 pid = server.pid();
    say(QStringLiteral("server %1 pid %2 at %3; open-file limit %4")
            .arg(bin)
            .arg(pid)
            .arg(server.wsUrl().toString())
            .arg(nofile));
    const qint64 rssStart = processRssBytes(pid);

    LoadCounters counters;
    QList<QThread *> threads;
    QList<LoadWorker *> workers;
    for (int i = 0; i < threadCount + idleThreadCount; ++i) {
        auto *thread = new QThread;
        auto *worker = new LoadWorker(counters);
        worker->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        threads.append(thread);
        workers.append(worker);
    }
    auto onWorker = [](LoadWorker *w, std::function<void()> f) {
        QMetaObject::invokeMethod(w, std::move(f), Qt::QueuedConnection);
    };
    auto onWorkerBlocking = [](LoadWorker *w, std::function<void()> f) {
        QMetaObject::invokeMethod(w, std::move(f), Qt::BlockingQueuedConnection);
    };
    QJsonObject out;
    int exitCode = 0;

    // 1. Sign-up (one Argon2id hash each on the server).
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < threadCount; ++t) {
        QStringList names;
        for (int u = t; u < users; u += threadCount)
            names << QStringLiteral("user%1").arg(u, 5, 10, QLatin1Char('0'));
        onWorker(workers[t],
                 [w = workers[t], url = server.wsUrl(), names] { w->signUpUsers(url, names); });
    }
    if (!waitUntil([&] { return counters.authenticated + counters.authFailed >= users; },
                   300'000) ||
        counters.authFailed > 0) {
        say(QStringLiteral("sign-up failed: %1 of %2")
                .arg(counters.authenticated.load())
                .arg(users));
        return 1;
    }
    const double signUpS = double(timer.elapsed()) / 1000;
    say(QStringLiteral("signed up %1 users in %2 s").arg(users).arg(signUpS, 0, 'f', 2));

    // 2. Each user opens private chats with the next chatsPerUser users.
    QList<qint64> userIds;
    QStringList tokens;
    for (LoadWorker *w : workers)
        onWorkerBlocking(w, [&, w] {
            userIds += w->userIds();
            tokens += w->tokens();
        });
    std::sort(userIds.begin(), userIds.end());
    for (LoadWorker *w : workers)
        onWorker(w, [w, userIds, chatsPerUser] { w->openChats(userIds, chatsPerUser); });
    if (!waitUntil([&] { return counters.chatsOpened >= qint64(users) * chatsPerUser; }, 60'000)) {
        say(QStringLiteral("opening chats failed"));
        return 1;
    }

    // 3. Messages between random pairs, each connection paced by the advertised rate limit.
    const int perConnection = (messages + users - 1) / users;
    const qint64 total = qint64(perConnection) * users;
    say(QStringLiteral(
            "sending %1 messages: %2 per user, window %3, %4 client threads; the "
            "server's per-connection limit (burst 100, then 50/s) caps a long run near %5 msg/s")
            .arg(total)
            .arg(perConnection)
            .arg(window)
            .arg(threadCount)
            .arg(users * 50));
    timer.restart();
    for (LoadWorker *w : workers)
        onWorker(w, [w, perConnection, window] { w->sendMessages(perConnection, window); });
    const bool allDelivered = waitUntil([&] { return counters.received >= total; }, 600'000);
    const double sendS = double(timer.elapsed()) / 1000;
    QList<qint64> latencies;
    for (LoadWorker *w : workers)
        onWorkerBlocking(w, [&, w] {
            latencies += w->takeLatenciesUs();
            w->stopSending();
        });
    std::sort(latencies.begin(), latencies.end());
    const double msgsPerS = double(counters.received.load()) / sendS;
    const qint64 rssAfterMessages = processRssBytes(pid);
    say(QStringLiteral("delivered %1 of %2 in %3 s: %4 msg/s; latency p50 %5 ms, p99 %6 ms, max %7 "
                       "ms; flood waits %8, errors %9")
            .arg(counters.received.load())
            .arg(total)
            .arg(sendS, 0, 'f', 2)
            .arg(msgsPerS, 0, 'f', 0)
            .arg(percentileMs(latencies, 0.50), 0, 'f', 2)
            .arg(percentileMs(latencies, 0.99), 0, 'f', 2)
            .arg(percentileMs(latencies, 1.0), 0, 'f', 2)
            .arg(counters.floodWaits.load())
            .arg(counters.errors.load()));
    say(QStringLiteral("server RSS: %1 MiB at start, %2 MiB after the messages")
            .arg(double(rssStart) / 1048576, 0, 'f', 1)
            .arg(double(rssAfterMessages) / 1048576, 0, 'f', 1));
    if (!allDelivered)
        exitCode = 2;
    out.insert(QStringLiteral("users"), users);
    out.insert(QStringLiteral("messages"), double(total));
    out.insert(QStringLiteral("delivered"), double(counters.received.load()));
    out.insert(QStringLiteral("msgs_per_s"), qRound(msgsPerS));
    out.insert(QStringLiteral("p50_ms"), percentileMs(latencies, 0.50));
    out.insert(QStringLiteral("p99_ms"), percentileMs(latencies, 0.99));
    out.insert(QStringLiteral("signup_s"), signUpS);
    out.insert(QStringLiteral("rss_start_mib"), double(rssStart) / 1048576);
    out.insert(QStringLiteral("rss_after_messages_mib"), double(rssAfterMessages) / 1048576);

    // 4. Idle connections: hello + auth.resume with the users' tokens, then nothing.
    const qint64 rssBeforeIdle = processRssBytes(pid);
    const qint64 authBeforeIdle = counters.authenticated.load();
    int opened = 0;
    for (int level : idleLevels) {
        const int more = level - opened;
        if (more <= 0)
            continue;
        timer.restart();
        // The idle connections live on their own threads, apart from the users' connections.
        for (int i = 0; i < idleThreadCount; ++i) {
            const int share = more / idleThreadCount + (i < more % idleThreadCount ? 1 : 0);
            LoadWorker *worker = workers[threadCount + i];
            onWorker(worker, [w = worker, url = server.wsUrl(), tokens, share] {
                w->openIdle(url, tokens, share, 64);
            });
        }
        opened = level;
        const bool ok = waitUntil(
            [&] { return counters.authenticated - authBeforeIdle + counters.authFailed >= opened; },
            300'000);
        const qint64 idleNow = counters.authenticated - authBeforeIdle;
        const qint64 rss = processRssBytes(pid);
        const double perConnKiB =
            double(rss - rssBeforeIdle) / 1024 / double(qMax<qint64>(1, idleNow));
        say(QStringLiteral(
                "%1 idle connections (hello + auth.resume) in %2 s%3: server RSS %4 MiB, "
                "%5 KiB per idle connection")
                .arg(idleNow)
                .arg(double(timer.elapsed()) / 1000, 0, 'f', 1)
                .arg(ok ? QString() : QStringLiteral(" (INCOMPLETE)"))
                .arg(double(rss) / 1048576, 0, 'f', 1)
                .arg(perConnKiB, 0, 'f', 1));
        out.insert(QStringLiteral("idle_%1_rss_mib").arg(level), double(rss) / 1048576);
        out.insert(QStringLiteral("idle_%1_kib_per_conn").arg(level), perConnKiB);
        if (!ok) {
            exitCode = 3;
            break;
        }
    }

    server.stop();
    for (QThread *thread : threads) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    say(QStringLiteral("BENCH ") +
        QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)));
    return exitCode;
}
