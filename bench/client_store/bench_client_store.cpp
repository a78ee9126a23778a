// bench_client_store [workdir]: measures the client's local history in one process.
//  1. ingest 100k messages decoded from protocol CBOR through SyncWrites::applyUpdates, into
//     the encrypted store and into an unencrypted database of the same library (the baseline);
//  2. builds 1M messages in 1k private chats (one chat with 100k; each peer's name stored; a
//     few pending and failed messages) and measures the app's real start path (ClientRoot:
//     key, store open, chat list model, sync engine starting with its outbox and read-mark
//     loads) until the chat list model holds its first page with names, then a cold open to
//     the chat list, the outbox and failed-message loads, the first page of the big chat,
//     local full-text search, and peak RSS.
// The last line is JSON.
// Options (to iterate quickly): --ingest-messages N (0 skips phase 1), --messages-total N
// (the history size of phase 2; 0 skips it; the big chat keeps one message in ten).
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "core/sync/sync_writes.h"
#include "protocol/updates.h"
#include "storage/cipher_open.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cstdio>
#include <ctime>
#include <memory>

using namespace msgr;
using namespace msgr::storage;

namespace {

int kIngestMessages = 100'000;
constexpr int kIngestBatch = 100;
int kHistoryMessages = 1'000'000;
constexpr int kHistoryChats = 1'000;
constexpr qint64 kBigChatId = 1;
constexpr qint64 kSelfUserId = 2;
constexpr qint64 kFirstPeerId = 1'000;
constexpr int kPendingMessages = 20; // the outbox at start; every fifth one refused (failed)
constexpr int kFirstPageRows = 20;   // what a window shows of the chat list at once
const QByteArray kKey(32, '\x5c');

const char *const kWords[] = {"meeting", "tomorrow", "coffee",  "project", "deadline", "привет",
                              "встреча", "завтра",   "release", "photo",   "weekend",  "город"};

QString textFor(qint64 n) {
    // A few common words and one rarer marker, so searches have realistic hit counts.
    return QStringLiteral("%1 %2 about the %3 number %4 marker%5")
        .arg(QString::fromUtf8(kWords[n % 12]), QString::fromUtf8(kWords[(n / 12) % 12]),
             QString::fromUtf8(kWords[(n / 7) % 12]))
        .arg(n)
        .arg(n % 5000);
}

template <typename T, typename Call> T await(Call call) {
    std::optional<T> result;
    QObject context;
    call(&context, [&](T value) { result = std::move(value); });
    while (!result)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return *result;
}

//! CPU seconds of the whole process (this thread and the storage thread): robust on a shared
//! machine, where wall time depends on what else runs.
double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

qint64 peakRssKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) {
            bool ok = false;
            const qint64 kib = line.mid(6).trimmed().split(' ').value(0).toLongLong(&ok);
            return ok ? kib : -1;
        }
    return -1;
}

//! The updates as the server sends them: CBOR bytes, one per update.
QList<QByteArray> encodedUpdates() {
    QList<QByteArray> out;
    out.reserve(kIngestMessages);
    for (qint64 i = 1; i <= kIngestMessages; ++i) {
        protocol::Message m;
        m.id = i;
        m.chatId = 1 + i % 100;
        m.senderId = 2 + i % 7;
        m.date = 1'700'000'000'000 + i;
        m.text = textFor(i);
        out.append(QCborValue(protocol::updateToCbor(protocol::NewMessageUpdate{m})).toCbor());
    }
    return out;
}

//! Bytes this process passed to read()/write() so far (/proc/self/io rchar, wchar): every page
//! SQLCipher writes or reads from the file costs one encryption or decryption.
struct IoBytes {
    qint64 read = 0;
    qint64 written = 0;
};

IoBytes processIoBytes() {
    IoBytes io;
    QFile file(QStringLiteral("/proc/self/io"));
    if (!file.open(QIODevice::ReadOnly))
        return io;
    for (const QByteArray &line : file.readAll().split('\n')) {
        bool ok = true; // an unreadable figure stays 0 rather than a wrong number
        if (line.startsWith("rchar:"))
            io.read = line.mid(6).trimmed().toLongLong(&ok);
        else if (line.startsWith("wchar:"))
            io.written = line.mid(6).trimmed().toLongLong(&ok);
        if (!ok)
            return IoBytes{};
    }
    return io;
}

struct Rate {
    double wall = 0;         // messages per wall-clock second
    double cpu = 0;          // messages per CPU second of the process
    double pagesWritten = 0; // 4 KiB pages written to the file (WAL and checkpoints) per message
    double pagesRead = 0;    // 4 KiB pages read back from the file per message
    qint64 ftsSegments = 0;  // full-text index segments left after the ingest
};

//! The number of FTS segments in a closed store: many small ones mean many tiny flushes.
qint64 ftsSegmentCount(const QString &dir, bool encrypted) {
    sql::Database db;
    const QString path = QDir(dir).filePath(QStringLiteral("history.db"));
    const OpenResult opened = encrypted ? openEncryptedDatabase(db, path, kKey)
                                        : openPlaintextDatabaseForBenchmark(db, path);
    if (!opened.ok())
        return -1;
    return db.queryInt("SELECT count(*) FROM messages_fts_segdir;", -1);
}

Rate ingest(ProfileStore &store, const QList<QByteArray> &encoded) {
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = processCpuSeconds();
    const IoBytes ioStart = processIoBytes();
    QList<protocol::LoggedUpdate> batch;
    bool allDone = false;
    QObject context;
    for (int i = 0; i < encoded.size(); ++i) {
        QCborParserError parseError;
        const QCborValue value = QCborValue::fromCbor(encoded[i], &parseError);
        const auto update = parseError.error == QCborError::NoError
                                ? protocol::updateFromCbor(value.toMap())
                                : std::nullopt;
        if (!update)
            qFatal("cannot decode update %d", i);
        batch.append({i + 1, *update});
        if (batch.size() == kIngestBatch || i + 1 == encoded.size()) {
            const bool last = i + 1 == encoded.size();
            store.write(
                [batch, pts = qint64(i + 1)](WriteTransaction &tx) {
                    core::SyncWrites::applyUpdates(tx, batch, pts);
                },
                &context,
                [&allDone, last] {
                    if (last)
                        allDone = true;
                });
            batch.clear();
        }
    }
    while (!allDone)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const IoBytes ioEnd = processIoBytes();
    const double perMessagePage = 1.0 / (double(encoded.size()) * kCipherPageSize);
    return {encoded.size() * 1000.0 / std::max<qint64>(1, timer.elapsed()),
            encoded.size() / std::max(1e-9, processCpuSeconds() - cpuStart),
            double(ioEnd.written - ioStart.written) * perMessagePage,
            double(ioEnd.read - ioStart.read) * perMessagePage, 0};
}

OpenResult openStore(ProfileStore &store, const QString &dir, bool encrypted) {
    return await<OpenResult>([&](QObject *c, auto done) {
        if (encrypted)
            store.open(dir, kKey, c, std::move(done));
        else
            store.openPlaintextForBenchmark(dir, c, std::move(done));
    });
}

void buildHistory(const QString &dir) {
    ProfileStore store;
    if (!openStore(store, dir, true).ok())
        qFatal("cannot open history store");
    AccountState account;
    account.userId = kSelfUserId;
    account.token = QStringLiteral("bench-token");
    store.write([account](WriteTransaction &tx) { AccountTable::save(tx, account); });
    // Private chats with one peer each, whose names the chat list shows.
    QList<protocol::User> peers;
    QList<protocol::ChatSummary> summaries;
    for (qint64 chatId = 1; chatId <= kHistoryChats; ++chatId) {
        const qint64 peer = kFirstPeerId + chatId;
        peers.append(
            {peer, QStringLiteral("user%1").arg(peer), QStringLiteral("Peer %1").arg(peer)});
        protocol::ChatSummary summary;
        summary.chat.id = chatId;
        summary.chat.memberIds = {kSelfUserId, peer};
        summaries.append(summary);
    }
    store.write([peers, summaries](WriteTransaction &tx) {
        core::SyncWrites::storeUsers(tx, peers);
        core::SyncWrites::replaceChats(tx, summaries, 0);
    });
    // Server ids are global and increase in time; chats interleave as in real life, except that
    // the big chat gets one message in ten.
    qint64 id = 0;
    QHash<qint64, QList<protocol::Message>> pending;
    int queued = 0;
    for (qint64 n = 0; n < kHistoryMessages; ++n) {
        protocol::Message m;
        m.id = ++id;
        m.chatId = n % 10 == 0 ? kBigChatId : 2 + (n % (kHistoryChats - 1));
        m.senderId = 2 + n % 3;
        m.date = 1'600'000'000'000 + n * 1000;
        m.text = textFor(n);
        pending[m.chatId].append(m);
        if (++queued == 20'000 || n + 1 == kHistoryMessages) {
            // One job (one transaction) per 20k messages: the build is bounded by commits.
            store.write([pages = pending](WriteTransaction &tx) {
                for (auto it = pages.cbegin(); it != pages.cend(); ++it)
                    core::SyncWrites::storeHistoryPage(tx, it.key(), it.value(), false);
            });
            pending.clear();
            queued = 0;
            // Keep the queue short so memory reflects the store, not this loop.
            await<QList<ChatRecord>>([&](QObject *c, auto done) {
                store.read([](ReadTransaction &tx) { return ChatsTable::load(tx, kBigChatId); }, c,
                           [done](std::optional<ChatRecord> r) {
                               done(r ? QList<ChatRecord>{*r} : QList<ChatRecord>{});
                           });
            });
        }
    }
    // The outbox at start: a few messages typed offline, some refused for good.
    store.write([](WriteTransaction &tx) {
        for (int i = 0; i < kPendingMessages; ++i) {
            const MessageRecord row = core::SyncWrites::enqueueOutgoing(
                tx, 2 + i * 37 % (kHistoryChats - 1), kSelfUserId,
                QStringLiteral("typed offline %1").arg(i), 1'000'000 + i,
                1'600'000'000'000 + qint64(kHistoryMessages) * 1000 + i);
            if (i % 5 == 0)
                MessagesTable::markFailed(tx, row.localId);
        }
    });
    await<QList<ChatRecord>>([&](QObject *c, auto done) {
        store.read([](ReadTransaction &) { return QList<ChatRecord>{}; }, c, std::move(done));
    });
}

struct StartLoads {
    qint64 pending = 0;
    double outboxMs = 0; // MessagesTable::outbox, on the storage thread
    double failedMs = 0; // MessagesTable::failed(tx, 0)
};

//! The start-up loads of the outbox (pending rows) and the refused messages, timed where they
//! run.
StartLoads timeStartLoads(ProfileStore &store) {
    return await<StartLoads>([&](QObject *c, auto done) {
        store.read(
            [](ReadTransaction &tx) {
                StartLoads loads;
                QElapsedTimer query;
                query.start();
                loads.pending = MessagesTable::outbox(tx).size();
                loads.outboxMs = query.nsecsElapsed() / 1e6;
                query.restart();
                MessagesTable::failed(tx, 0);
                loads.failedMs = query.nsecsElapsed() / 1e6;
                return loads;
            },
            c, std::move(done));
    });
}

//! The same profile with the indexes of schema 8 (before migration 9), for the baseline.
void restoreSchema8Indexes(const QString &dir) {
    sql::Database db;
    if (!openEncryptedDatabase(db, QDir(dir).filePath(QStringLiteral("history.db")), kKey).ok() ||
        !db.exec("DROP INDEX messages_outbox; DROP INDEX messages_failed_rows;"
                 "CREATE INDEX messages_pending ON messages(pending) WHERE pending != 0;"))
        qFatal("cannot restore the schema-8 indexes");
}

struct StartPath {
    double firstPageMs = 0; // ClientRoot built and started -> chat list's first page with names
    int rows = 0;
};

//! The app's start path (app/client_root.*, as main.cpp runs it before loading QML) on `dir`,
//! until the chat list model holds its first kFirstPageRows rows, each with its title. The
//! engine starts too (its outbox, read-mark and sync-state loads compete for the storage
//! thread as in the app) and dials a closed port.
StartPath timeStartPath(const QString &dir) {
    core::ClientConfig config;
    config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:9"));
    config.profileDir = dir;
    config.rawKey = kKey;
    QElapsedTimer timer;
    timer.start();
    app::ClientRoot root(config);
    core::ChatListModel *chats = root.session()->chats();
    StartPath result;
    bool ready = false;
    const auto check = [&] {
        const int wanted = std::min(kFirstPageRows, kHistoryChats);
        if (ready || chats->rowCount() < wanted)
            return;
        for (int row = 0; row < wanted; ++row)
            if (chats->data(chats->index(row), core::ChatListModel::TitleRole).toString().isEmpty())
                return;
        ready = true;
        result.firstPageMs = timer.nsecsElapsed() / 1e6;
        result.rows = chats->rowCount();
    };
    QObject::connect(chats, &QAbstractItemModel::rowsInserted, chats, check);
    QObject::connect(chats, &QAbstractItemModel::dataChanged, chats, check);
    root.start();
    QDeadlineTimer deadline(60'000);
    while (!ready && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    if (!ready)
        qFatal("the chat list had no first page with names after 60 s");
    root.shutdown();
    return result;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QString workdir = QDir::tempPath();
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const auto number = [&] {
            bool ok = false;
            const int n = i + 1 < args.size() ? args[++i].toInt(&ok) : -1;
            if (!ok || n < 0)
                qFatal("%s needs a number >= 0", qPrintable(arg));
            return n;
        };
        if (arg == QLatin1String("--ingest-messages"))
            kIngestMessages = number();
        else if (arg == QLatin1String("--messages-total"))
            kHistoryMessages = number();
        else if (arg.startsWith(QLatin1String("--")))
            qFatal("unknown option %s", qPrintable(arg));
        else
            workdir = arg;
    }
    // A work directory named on the command line is created if missing.
    if (!QDir().mkpath(workdir))
        qFatal("cannot create the work directory %s", qPrintable(workdir));
    QTemporaryDir scratch(workdir + QStringLiteral("/bench-XXXXXX"));
    if (!scratch.isValid())
        qFatal("no scratch directory under %s", qPrintable(workdir));
    QJsonObject out;

    // ---- 1. ingest, encrypted vs plain, same library, same process
    if (kIngestMessages > 0) {
        const QList<QByteArray> encoded = encodedUpdates();
        Rate encryptedRate, plainRate;
        {
            ProfileStore store;
            if (!openStore(store, scratch.filePath(QStringLiteral("ingest-enc")), true).ok())
                qFatal("cannot open encrypted store");
            encryptedRate = ingest(store, encoded);
        }
        encryptedRate.ftsSegments =
            ftsSegmentCount(scratch.filePath(QStringLiteral("ingest-enc")), true);
        {
            ProfileStore store;
            if (!openStore(store, scratch.filePath(QStringLiteral("ingest-plain")), false).ok())
                qFatal("cannot open plain store");
            plainRate = ingest(store, encoded);
        }
        plainRate.ftsSegments =
            ftsSegmentCount(scratch.filePath(QStringLiteral("ingest-plain")), false);
        std::printf("ingest %d msgs via applyUpdates (batches of %d, CBOR-decoded): encrypted %.0f "
                    "msg/s (%.0f per CPU s), plain %.0f msg/s (%.0f per CPU s), ratio wall %.2f, "
                    "CPU %.2f\n",
                    kIngestMessages, kIngestBatch, encryptedRate.wall, encryptedRate.cpu,
                    plainRate.wall, plainRate.cpu, encryptedRate.wall / plainRate.wall,
                    encryptedRate.cpu / plainRate.cpu);
        std::printf("ingest I/O per message: encrypted %.2f pages written, %.2f read; plain %.2f "
                    "written, %.2f read; FTS segments left: encrypted %lld, plain %lld\n",
                    encryptedRate.pagesWritten, encryptedRate.pagesRead, plainRate.pagesWritten,
                    plainRate.pagesRead, qlonglong(encryptedRate.ftsSegments),
                    qlonglong(plainRate.ftsSegments));
        std::fflush(stdout);
        out[QStringLiteral("ingest_encrypted_pages_written_per_msg")] = encryptedRate.pagesWritten;
        out[QStringLiteral("ingest_encrypted_pages_read_per_msg")] = encryptedRate.pagesRead;
        out[QStringLiteral("ingest_fts_segments")] = encryptedRate.ftsSegments;
        out[QStringLiteral("ingest_encrypted_msgs_per_s")] = qRound(encryptedRate.wall);
        out[QStringLiteral("ingest_plain_msgs_per_s")] = qRound(plainRate.wall);
        out[QStringLiteral("ingest_ratio")] = encryptedRate.wall / plainRate.wall;
        out[QStringLiteral("ingest_encrypted_msgs_per_cpu_s")] = qRound(encryptedRate.cpu);
        out[QStringLiteral("ingest_plain_msgs_per_cpu_s")] = qRound(plainRate.cpu);
        out[QStringLiteral("ingest_ratio_cpu")] = encryptedRate.cpu / plainRate.cpu;
    }
    if (kHistoryMessages == 0) {
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        return 0;
    }

    // ---- 2. a 1M-message history in 1k chats
    const QString historyDir = scratch.filePath(QStringLiteral("history"));
    QElapsedTimer timer;
    timer.start();
    const double buildCpuStart = processCpuSeconds();
    buildHistory(historyDir);
    const double buildSeconds = timer.elapsed() / 1000.0;
    const double buildCpuSeconds = processCpuSeconds() - buildCpuStart;
    const qint64 fileBytes = QFileInfo(historyDir + QStringLiteral("/history.db")).size();
    std::printf("built %d messages in %d chats: %.1f s (%.0f msg/s), %.1f CPU s, file %.0f MiB\n",
                kHistoryMessages, kHistoryChats, buildSeconds, kHistoryMessages / buildSeconds,
                buildCpuSeconds, fileBytes / 1048576.0);
    std::fflush(stdout);

    // The app's start path, twice (the second start finds the file in the OS cache, as a
    // restart does).
    const StartPath firstStart = timeStartPath(historyDir);
    const StartPath start = timeStartPath(historyDir);

    // Cold open: a new store (new thread, new connection, key, migrations check) to a chat list.
    auto store = std::make_unique<ProfileStore>();
    timer.restart();
    if (!openStore(*store, historyDir, true).ok())
        qFatal("cannot reopen");
    // Besides each round trip, the time its query took on the storage thread: on a loaded
    // machine one round trip also waits for that thread to be scheduled (tens of ms at a load
    // of 10 on 2 cores), which is not the store's cost. Written there, read here after the
    // queued answer.
    double chatListQueryMs = 0;
    const auto chats = await<QList<ChatRecord>>([&](QObject *c, auto done) {
        store->read(
            [&chatListQueryMs](ReadTransaction &tx) {
                QElapsedTimer query;
                query.start();
                QList<ChatRecord> all = ChatsTable::loadAll(tx);
                chatListQueryMs = query.nsecsElapsed() / 1e6;
                return all;
            },
            c, std::move(done));
    });
    const double coldOpenMs = timer.nsecsElapsed() / 1e6;

    const StartLoads loads = timeStartLoads(*store);

    timer.restart();
    double firstPageQueryMs = 0;
    const auto page = await<QList<MessageRecord>>([&](QObject *c, auto done) {
        store->read(
            [&firstPageQueryMs](ReadTransaction &tx) {
                QElapsedTimer query;
                query.start();
                QList<MessageRecord> first = MessagesTable::page(tx, kBigChatId, 0, 50);
                firstPageQueryMs = query.nsecsElapsed() / 1e6;
                return first;
            },
            c, std::move(done));
    });
    const double firstPageMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    const auto older = await<QList<MessageRecord>>([&](QObject *c, auto done) {
        store->read(
            [before = page.first().localId](ReadTransaction &tx) {
                return MessagesTable::page(tx, kBigChatId, before, 50);
            },
            c, std::move(done));
    });
    const double nextPageMs = timer.nsecsElapsed() / 1e6;

    timer.restart();
    const auto rare = await<QList<SearchHit>>([&](QObject *c, auto done) {
        store->read(
            [](ReadTransaction &tx) {
                return MessagesTable::search(tx, QStringLiteral("marker4321"), 50);
            },
            c, std::move(done));
    });
    const double searchRareMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    const auto common = await<QList<SearchHit>>([&](QObject *c, auto done) {
        store->read(
            [](ReadTransaction &tx) {
                return MessagesTable::search(tx, QStringLiteral("встреча coffee"), 50);
            },
            c, std::move(done));
    });
    const double searchCommonMs = timer.nsecsElapsed() / 1e6;
    store.reset();

    // The baseline in the same run: the same profile with schema 8's indexes.
    restoreSchema8Indexes(historyDir);
    const StartPath baselineStart = timeStartPath(historyDir);
    StartLoads baselineLoads;
    {
        ProfileStore baseline;
        if (!openStore(baseline, historyDir, true).ok())
            qFatal("cannot reopen for the baseline");
        baselineLoads = timeStartLoads(baseline);
    }

    const qint64 rss = peakRssKiB();
    std::printf("app start path to the chat list's first page with names (%d rows): %.1f ms "
                "(the first of two starts: %.1f ms)\n",
                start.rows, start.firstPageMs, firstStart.firstPageMs);
    std::printf("cold open to chat list (%lld chats): %.1f ms (chat list query %.2f ms)\n",
                qlonglong(chats.size()), coldOpenMs, chatListQueryMs);
    std::printf("outbox load (%lld pending): %.2f ms; failed-message load: %.2f ms\n",
                qlonglong(loads.pending), loads.outboxMs, loads.failedMs);
    std::printf("baseline (schema 8 indexes): start path %.1f ms (ratio %.2f), outbox load %.2f "
                "ms, failed-message load %.2f ms\n",
                baselineStart.firstPageMs, start.firstPageMs / baselineStart.firstPageMs,
                baselineLoads.outboxMs, baselineLoads.failedMs);
    std::printf("first page of a 100k-message chat (%lld msgs): %.2f ms (query %.2f ms); next "
                "page %.2f ms\n",
                qlonglong(page.size()), firstPageMs, firstPageQueryMs, nextPageMs);
    std::printf("search rare word (%lld hits): %.1f ms; two common words (%lld hits shown): "
                "%.1f ms\n",
                qlonglong(rare.size()), searchRareMs, qlonglong(common.size()), searchCommonMs);
    std::printf("peak RSS (VmHWM): %.1f MiB\n", rss / 1024.0);

    out[QStringLiteral("history_messages")] = kHistoryMessages;
    out[QStringLiteral("history_chats")] = qlonglong(chats.size());
    out[QStringLiteral("history_build_s")] = buildSeconds;
    out[QStringLiteral("history_build_cpu_s")] = buildCpuSeconds;
    out[QStringLiteral("history_file_bytes")] = fileBytes;
    out[QStringLiteral("start_to_chat_list_with_names_ms")] = start.firstPageMs;
    out[QStringLiteral("first_start_to_chat_list_with_names_ms")] = firstStart.firstPageMs;
    out[QStringLiteral("outbox_query_ms")] = loads.outboxMs;
    out[QStringLiteral("failed_query_ms")] = loads.failedMs;
    out[QStringLiteral("baseline_schema8_start_ms")] = baselineStart.firstPageMs;
    out[QStringLiteral("baseline_schema8_outbox_query_ms")] = baselineLoads.outboxMs;
    out[QStringLiteral("baseline_schema8_failed_query_ms")] = baselineLoads.failedMs;
    out[QStringLiteral("cold_open_to_chat_list_ms")] = coldOpenMs;
    out[QStringLiteral("chat_list_query_ms")] = chatListQueryMs;
    out[QStringLiteral("first_page_ms")] = firstPageMs;
    out[QStringLiteral("first_page_query_ms")] = firstPageQueryMs;
    out[QStringLiteral("next_page_ms")] = nextPageMs;
    out[QStringLiteral("search_rare_ms")] = searchRareMs;
    out[QStringLiteral("search_rare_hits")] = qlonglong(rare.size());
    out[QStringLiteral("search_common_ms")] = searchCommonMs;
    out[QStringLiteral("peak_rss_kib")] = rss;
    out[QStringLiteral("older_page_size")] = qlonglong(older.size());
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
