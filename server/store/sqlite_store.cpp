#include "server/store/sqlite_store.h"

#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_records.h"
#include "server/store/sqlite_schema.h"
#include "server/store/store_logging.h"
#include "server/store/write_queue.h"

#include <QDir>
#include <QStringList>

namespace msgr::server {

namespace {

//! See configureWriter: cache_size in KiB when negative (8 MiB), autocheckpoint in pages.
constexpr const char *kWriterTuning =
    "PRAGMA cache_size = -8192; PRAGMA wal_autocheckpoint = 10000;";

//! The writer's lookaside allocator (see configureWriter).
constexpr int kWriterLookasideSlotBytes = 1200;
constexpr int kWriterLookasideSlots = 1000;

//! Sets the writer connection up: WAL so reads run beside the writer, FULL sync so a commit
//! is on disk before any write is acknowledged.
bool configureWriter(sqlite::Connection &db, QString *error) {
    try {
        // Before any statement (SQLite refuses while lookaside memory is in use): more of
        // SQLite's small allocations while it steps (records, cursors) come from the
        // connection's own slots instead of malloc, which the writer shares with the
        // connection threads. Far more slots than SQLite's default; the writer's alone
        // (kWriterLookasideSlots x kWriterLookasideSlotBytes, ~1.2 MiB).
        db.setLookaside(kWriterLookasideSlotBytes, kWriterLookasideSlots);
        // The first statement to read the file: a file that is not a database fails here.
        sqlite::Statement mode = db.prepare("PRAGMA journal_mode = WAL");
        if (!mode.step() || mode.text(0).compare(QLatin1String("wal"), Qt::CaseInsensitive)) {
            if (error)
                *error = QStringLiteral("the database cannot use WAL mode");
            return false;
        }
    } catch (const sqlite::Error &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    try {
        // temp_store = MEMORY for the SAVEPOINT of every write unit: each one journals the
        // pages it changes that existed before it (about 8 of 4 KiB) into a statement journal.
        // By default that journal is one 64 KiB block (spill size), malloc'd at the unit's first
        // change and freed at its RELEASE; on the writer thread's glibc arena that free put
        // the top chunk past the trim threshold, so every unit trimmed the heap (madvise and a
        // TLB shootdown on every core) and grew it again: ~2 madvise per message, group commit
        // 2-5x slower than before the domain layer. In memory the journal never spills and
        // takes 1 KiB blocks, which the allocator reuses: 4 madvise in a whole bench run.
        db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
        // The writer's page cache and the WAL's checkpoint interval, bounded (issue 6's
        // profile, 1,000 users sending): with SQLite's default 2 MiB cache the writer re-read
        // (pread) the log and index pages of the users it had just written, ~1.3 preads per
        // message; with the default checkpoint every 1,000 WAL pages each batch's commit often
        // also copied the WAL back into the database file, writing the same hot pages again
        // and again. The cache is memory of the writer alone (filled as it writes), never per
        // connection; 8 MiB, not more: at 32 MiB a server that had written a few thousand
        // messages went past the slow-reader catalogue's bound (start + 64 MiB), with no
        // throughput gained in the bench. The checkpoint interval bounds the WAL file (about
        // 4 KiB a page: 40 MiB).
        db.exec(kWriterTuning);
    } catch (const sqlite::Error &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

//! Rows a failed check reports at most (the first few name the damage well enough).
constexpr int kMaxCheckErrors = 10;

//! Runs quick_check or integrity_check; false and `error` (the first problems found) when the
//! file is damaged. A check that cannot even run (SQLITE_CORRUPT on the schema) fails too.
bool checkDatabase(sqlite::Connection &db, StoreCheck check, QString *error) {
    if (check == StoreCheck::Off)
        return true;
    const char *name = check == StoreCheck::Full ? "integrity_check" : "quick_check";
    QStringList problems;
    try {
        // PRAGMA takes no parameters; the name and count are our own constants.
        const QByteArray sql =
            QByteArray("PRAGMA ") + name + '(' + QByteArray::number(kMaxCheckErrors) + ')';
        sqlite::Statement s = db.prepare(sql.constData());
        while (s.step()) {
            const QString row = s.text(0).simplified(); // one line in the log
            if (row != QLatin1String("ok"))
                problems.append(row);
        }
    } catch (const sqlite::Error &e) {
        problems.append(QString::fromUtf8(e.what()));
    }
    if (problems.isEmpty())
        return true;
    if (error)
        *error = QStringLiteral("the database is damaged (PRAGMA %1: %2); restore it from a "
                                "backup or recover it with the sqlite3 tool's .recover; the "
                                "server will not start on it")
                     .arg(QLatin1String(name), problems.join(QLatin1String("; ")));
    return false;
}

} // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const QString &dataDir,
                                               const SqliteStoreOptions &options, QString *error) {
    QString ignored;
    QString &message = error ? *error : ignored;
    if (options.logRetention < 1 || options.maxBatch < 1 || options.maxQueuedWrites < 1) {
        message = QStringLiteral("logRetention, maxBatch and maxQueuedWrites must be at least 1");
        return nullptr;
    }
    if (!QDir().mkpath(dataDir)) {
        message = QStringLiteral("cannot create the data directory %1").arg(dataDir);
        return nullptr;
    }
    const QString path = QDir(dataDir).filePath(QStringLiteral("server.db"));
    auto writer = sqlite::Connection::open(path, sqlite::Connection::Mode::ReadWrite, &message);
    if (!writer)
        return nullptr;
    QString reason;
    if (!configureWriter(*writer, &reason) || !checkDatabase(*writer, options.check, &reason) ||
        !sqlite::migrate(*writer, &reason)) {
        message = QStringLiteral("cannot use %1: %2").arg(path, reason);
        return nullptr;
    }
    qCInfo(lcStore) << "opened" << path << "schema" << sqlite::latestSchemaVersion();
    return std::unique_ptr<SqliteStore>(new SqliteStore(path, options, std::move(writer)));
}

SqliteStore::SqliteStore(QString path, const SqliteStoreOptions &options,
                         std::unique_ptr<sqlite::Connection> writer)
    : m_path(std::move(path)), m_options(options) {
    const int retention = m_options.logRetention;
    m_writer =
        std::make_unique<WriteQueue>(std::move(writer), m_options.maxBatch,
                                     m_options.maxQueuedWrites, [retention](WriteContext &context) {
                                         sqlite::trimLogs(context, retention);
                                         sqlite::flushCounters(context);
                                     });
}

SqliteStore::~SqliteStore() {
    // Drain the writer while the read connections still exist: a `done` may read.
    m_writer.reset();
    {
        std::lock_guard lock(m_readersMutex);
        m_readers.clear();
    }
    checkpointAtClose();
}

void SqliteStore::checkpointAtClose() const {
    // The last connection to close folds the WAL into the database file and removes it, but
    // only a read-write one can: when a reader closed after the writer (any read since the
    // start leaves one per thread), a clean stop would leave the newest pages in server.db-wal.
    // One more read-write connection, alone now, makes a stopped server one file again.
    QString error;
    const std::unique_ptr<sqlite::Connection> db =
        sqlite::Connection::open(m_path, sqlite::Connection::Mode::ReadWrite, &error);
    if (!db) {
        qCWarning(lcStore) << "no connection for the closing checkpoint:" << error;
        return;
    }
    try {
        db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const sqlite::Error &e) {
        qCWarning(lcStore) << "the closing checkpoint failed:" << e.what();
    }
}

SqliteStore::WriteStats SqliteStore::writeStats() const {
    const WriteQueue::Stats stats = m_writer->stats();
    return {stats.batches,   stats.writes,  stats.failedBatches,
            stats.rerunRuns, stats.refused, stats.queued};
}

sqlite::Connection *SqliteStore::readConnection() {
    std::lock_guard lock(m_readersMutex);
    auto &connection = m_readers[std::this_thread::get_id()];
    if (!connection) {
        QString error;
        connection = sqlite::Connection::open(m_path, sqlite::Connection::Mode::ReadOnly, &error);
        if (!connection) {
            qCWarning(lcStore) << "no read connection:" << error;
            m_readers.erase(std::this_thread::get_id());
            return nullptr;
        }
    }
    return connection.get();
}

bool SqliteStore::read(const std::function<void(RecordReader &)> &unit) {
    sqlite::Connection *db = readConnection();
    if (!db)
        return false;
    try {
        // One snapshot for the whole unit: a chat list or a difference never mixes two
        // states of the log.
        sqlite::Transaction snapshot(*db, sqlite::Transaction::Kind::Deferred);
        sqlite::Records records(*db);
        unit(records);
        return true;
    } catch (const StoreFailure &e) {
        qCWarning(lcStore) << "read failed:" << e.what();
        return false;
    }
}

Store::Admission SqliteStore::write(std::function<bool(RecordWriter &)> unit,
                                    std::function<void(bool committed)> complete, Rerun rerun) {
    WriteJob job;
    // A StoreFailure goes to the queue, which tells a failure that may have written (a throw)
    // from a refusal.
    job.apply = [unit = std::move(unit)](WriteContext &context) {
        sqlite::Records records(context);
        return unit(records);
    };
    job.complete = std::move(complete);
    job.rerunnable = rerun == Rerun::Allowed;
    switch (m_writer->enqueue(std::move(job))) {
    case WriteQueue::Admission::Queued:
        return Admission::Queued;
    case WriteQueue::Admission::Full:
        qCDebug(lcStore) << "write refused: the queue is full";
        return Admission::Busy;
    case WriteQueue::Admission::Stopping:
        qCWarning(lcStore) << "write refused: the store is closing";
        return Admission::Closing;
    }
    return Admission::Closing;
}

void SqliteStore::touchDevice(qint64 deviceId, qint64 now) {
    {
        std::lock_guard lock(m_touchMutex);
        qint64 &lastSeen = m_pendingTouches[deviceId];
        lastSeen = std::max(lastSeen, now);
        if (m_touchFlushQueued)
            return; // the queued flush has not run yet and will take this one too
        m_touchFlushQueued = true;
    }
    WriteJob job;
    job.apply = [this](WriteContext &context) {
        QHash<qint64, qint64> touches;
        {
            std::lock_guard lock(m_touchMutex);
            touches.swap(m_pendingTouches);
            m_touchFlushQueued = false;
        }
        sqlite::touchDevices(context.db, touches);
        return true;
    };
    // One job at most is queued for all touches, so it may pass the queue's cap: the idle
    // expiry of tokens depends on last-seen times being written even under a write flood.
    if (!m_writer->enqueueHousekeeping(std::move(job))) {
        std::lock_guard lock(m_touchMutex); // closing: activity is not critical
        m_touchFlushQueued = false;
    }
}

bool SqliteStore::healthy() {
    // The newest row of each table: reads the root-to-rightmost-leaf pages of every b-tree
    // the requests use, so a damaged or vanished file shows here, not just a live handle.
    sqlite::Connection *db = readConnection();
    if (!db)
        return false;
    bool readable = false;
    try {
        // max(rowid) of messages: its key is (chat_id, id), the rowid is its b-tree's own.
        readable = db->prepare("SELECT (SELECT max(id) FROM users), (SELECT max(id) FROM devices),"
                               " (SELECT max(id) FROM chats), (SELECT max(rowid) FROM messages),"
                               " (SELECT max(user_id) FROM user_state),"
                               " (SELECT max(user_id) FROM user_updates)")
                       .step();
    } catch (const StoreFailure &e) {
        qCWarning(lcStore) << "health read failed:" << e.what();
    }
    // A writer whose last transaction failed (disk full, I/O error) cannot acknowledge
    // anything: that is unhealthy too, until a batch commits again.
    return readable && !m_writer->stats().lastBatchFailed;
}

} // namespace msgr::server
