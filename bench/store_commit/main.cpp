// Measures Messages::appendMessage (the domain over SqliteStore) throughput with group commit
// (maxBatch 256) and without it (maxBatch 1), with the same number of sends in flight, as a busy
// server would have. Usage: bench_store_commit [messages per run = 2000] [in flight = 64] Last
// line: {"bench":"store_commit",...} with both rates and their ratio.
#include "server/domain/domain.h"
#include "server/store/sqlite_store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>

using namespace msgr;
using namespace msgr::server;

namespace {

template <typename T, typename Start> T await(Start &&start) {
    std::promise<StoreResult<T>> promise;
    auto future = promise.get_future();
    start([&promise](StoreResult<T> result) { promise.set_value(std::move(result)); });
    auto result = future.get();
    if (result.index() != 0)
        qFatal("setup write failed");
    return std::get<0>(std::move(result));
}

struct Run {
    double messagesPerSecond = 0;
    double writesPerBatch = 0;
};

Run measure(int maxBatch, int messages, int inFlight) {
    QTemporaryDir dir;
    SqliteStoreOptions options;
    options.maxBatch = maxBatch;
    QString error;
    auto store = SqliteStore::open(dir.path(), options, &error);
    if (!store)
        qFatal("cannot open the store: %s", qPrintable(error));
    domain::Domain domain(*store);
    const auto alice = await<protocol::User>(
        [&](auto done) { domain.accounts.createAccount("alice", "Alice", "h", 0, done); });
    const auto bob = await<protocol::User>(
        [&](auto done) { domain.accounts.createAccount("bob", "Bob", "h", 0, done); });
    const auto chat = await<OpenedChat>(
        [&](auto done) { domain.chats.openPrivateChat(alice.id, bob.id, 1, done); });
    const auto before = store->writeStats();

    std::mutex mutex;
    std::condition_variable changed;
    int pending = 0;
    int failed = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < messages; ++i) {
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return pending < inFlight; });
            ++pending;
        }
        domain.messages.appendMessage(i % 2 ? alice.id : bob.id, chat.chat.id, i + 1,
                                      QStringLiteral("message %1").arg(i), i,
                                      [&](StoreResult<AppendedMessage> result) {
                                          std::lock_guard lock(mutex);
                                          if (result.index() != 0)
                                              ++failed;
                                          --pending;
                                          changed.notify_all();
                                      });
    }
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return pending == 0; });
    }
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    if (failed)
        qFatal("%d sends failed", failed);
    const auto after = store->writeStats();
    Run run;
    run.messagesPerSecond = messages / seconds;
    run.writesPerBatch = static_cast<double>(after.writes - before.writes) /
                         static_cast<double>(std::max<qint64>(1, after.batches - before.batches));
    return run;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool messagesOk = true;
    bool inFlightOk = true;
    const int messages = args.size() > 1 ? args.at(1).toInt(&messagesOk) : 2000;
    const int inFlight = args.size() > 2 ? args.at(2).toInt(&inFlightOk) : 64;
    if (!messagesOk || !inFlightOk || messages < 1 || inFlight < 1)
        qFatal("usage: bench_store_commit [messages >= 1] [in flight >= 1]");

    const Run single = measure(1, messages, inFlight);
    std::printf("maxBatch=1:   %.0f messages/s (%.1f writes per commit)\n",
                single.messagesPerSecond, single.writesPerBatch);
    const Run group = measure(256, messages, inFlight);
    std::printf("maxBatch=256: %.0f messages/s (%.1f writes per commit)\n", group.messagesPerSecond,
                group.writesPerBatch);
    std::printf("{\"bench\":\"store_commit\",\"messages\":%d,\"in_flight\":%d,"
                "\"single_msgs_per_s\":%.0f,\"group_msgs_per_s\":%.0f,"
                "\"group_writes_per_commit\":%.1f,\"ratio\":%.2f}\n",
                messages, inFlight, single.messagesPerSecond, group.messagesPerSecond,
                group.writesPerBatch, group.messagesPerSecond / single.messagesPerSecond);
    return 0;
}
