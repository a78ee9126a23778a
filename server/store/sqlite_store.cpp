#include "server/store/sqlite_store.h"

#include "server/store/sqlite_connection.h"
#include "server/store/sqlite_schema.h"
#include "server/store/store_logging.h"
#include "server/store/store_reads.h"
#include "server/store/store_writes.h"
#include "server/store/update_log.h"
#include "server/store/write_queue.h"

#include <QDateTime>
#include <QDir>
#include <QStringList>

namespace msgr::server {

namespace {

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

//! Sets the writer connection up: WAL so reads run beside the writer, FULL sync so a commit
//! is on disk before any write is acknowledged.
bool configureWriter(sqlite::Connection &db, QString *error) {
    try {
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
        db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
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
    m_writer = std::make_unique<WriteQueue>(
        std::move(writer), m_options.maxBatch, m_options.maxQueuedWrites,
        [retention](WriteContext &context) { updatelog::trim(context, retention); });
}

SqliteStore::~SqliteStore() {
    // Drain the writer while the read connections still exist: a `done` may read.
    m_writer.reset();
    std::lock_guard lock(m_readersMutex);
    m_readers.clear();
}

SqliteStore::WriteStats SqliteStore::writeStats() const {
    const WriteQueue::Stats stats = m_writer->stats();
    return {stats.batches, stats.writes, stats.failedBatches, stats.refused, stats.queued};
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

template <typename T, typename Query> StoreResult<T> SqliteStore::read(Query &&query) {
    sqlite::Connection *db = readConnection();
    if (!db)
        return StoreError::Internal;
    try {
        return query(*db);
    } catch (const sqlite::Error &e) {
        qCWarning(lcStore) << "read failed:" << e.what();
        return StoreError::Internal;
    }
}

template <typename T>
void SqliteStore::submit(std::function<StoreResult<T>(WriteContext &)> work,
                         std::function<void(StoreResult<T>)> done) {
    auto result = std::make_shared<StoreResult<T>>(StoreError::Internal);
    WriteJob job;
    job.apply = [work = std::move(work), result](WriteContext &context) {
        try {
            *result = work(context);
        } catch (const sqlite::Error &e) {
            qCWarning(lcStore) << "write failed:" << e.what();
            *result = StoreError::Internal;
        }
        return std::holds_alternative<T>(*result);
    };
    job.complete = [done, result](bool committed) {
        if (done)
            done(committed ? std::move(*result) : StoreResult<T>(StoreError::Internal));
    };
    switch (m_writer->enqueue(std::move(job))) {
    case WriteQueue::Admission::Queued:
        return;
    case WriteQueue::Admission::Full:
        qCDebug(lcStore) << "write refused: the queue is full";
        if (done)
            done(kStoreBusy);
        return;
    case WriteQueue::Admission::Stopping:
        qCWarning(lcStore) << "write refused: the store is closing";
        if (done)
            done(StoreError::Internal);
        return;
    }
}

// ---- accounts and devices

void SqliteStore::createAccount(const QString &username, const QString &displayName,
                                const QByteArray &passwordHash,
                                std::function<void(StoreResult<protocol::User>)> done) {
    const qint64 now = nowMs();
    submit<protocol::User>(
        [=](WriteContext &context) {
            return writes::createAccount(context, username, displayName, passwordHash, now);
        },
        std::move(done));
}

StoreResult<std::optional<Account>> SqliteStore::findAccount(const QString &username) {
    return read<std::optional<Account>>(
        [&](sqlite::Connection &db) { return reads::account(db, username); });
}

void SqliteStore::createDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                               qint64 now, std::function<void(StoreResult<NewDevice>)> done) {
    submit<NewDevice>(
        [=](WriteContext &context) {
            return writes::createDevice(context, userId, name, tokenHash, now);
        },
        std::move(done));
}

StoreResult<std::optional<SessionRef>>
SqliteStore::sessionByTokenHash(const QByteArray &tokenHash) {
    return read<std::optional<SessionRef>>(
        [&](sqlite::Connection &db) { return reads::sessionByTokenHash(db, tokenHash); });
}

StoreResult<QList<protocol::Device>> SqliteStore::devices(qint64 userId) {
    return read<QList<protocol::Device>>(
        [&](sqlite::Connection &db) { return reads::devices(db, userId); });
}

void SqliteStore::revokeDevice(qint64 userId, qint64 deviceId,
                               std::function<void(StoreResult<bool>)> done) {
    const qint64 now = nowMs();
    submit<bool>(
        [=](WriteContext &context) { return writes::revokeDevice(context, userId, deviceId, now); },
        std::move(done));
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
        writes::touchDevices(context, touches);
        return true;
    };
    // One job at most is queued for all touches, so it may pass the queue's cap: the idle
    // expiry of tokens depends on last-seen times being written even under a write flood.
    if (!m_writer->enqueueHousekeeping(std::move(job))) {
        std::lock_guard lock(m_touchMutex); // closing: activity is not critical
        m_touchFlushQueued = false;
    }
}

// ---- users and chats

StoreResult<QList<protocol::User>> SqliteStore::searchUsers(const QString &usernamePrefix,
                                                            int limit) {
    return read<QList<protocol::User>>(
        [&](sqlite::Connection &db) { return reads::searchUsers(db, usernamePrefix, limit); });
}

StoreResult<QList<protocol::User>> SqliteStore::users(const QList<qint64> &ids) {
    return read<QList<protocol::User>>(
        [&](sqlite::Connection &db) { return reads::users(db, ids); });
}

void SqliteStore::openPrivateChat(qint64 callerId, qint64 peerId, qint64 now,
                                  std::function<void(StoreResult<OpenedChat>)> done) {
    submit<OpenedChat>(
        [=](WriteContext &context) {
            return writes::openPrivateChat(context, callerId, peerId, now);
        },
        std::move(done));
}

StoreResult<QList<protocol::ChatSummary>> SqliteStore::chats(qint64 userId) {
    return read<QList<protocol::ChatSummary>>(
        [&](sqlite::Connection &db) { return reads::chats(db, userId); });
}

// ---- messages

void SqliteStore::appendMessage(qint64 senderId, qint64 chatId, qint64 randomId,
                                const QString &text, qint64 now,
                                std::function<void(StoreResult<AppendedMessage>)> done) {
    submit<AppendedMessage>(
        [=](WriteContext &context) {
            return writes::appendMessage(context, senderId, chatId, randomId, text, now);
        },
        std::move(done));
}

StoreResult<HistoryPage> SqliteStore::history(qint64 userId, qint64 chatId, qint64 beforeId,
                                              int limit) {
    return read<HistoryPage>([&](sqlite::Connection &db) {
        return reads::history(db, userId, chatId, beforeId, limit);
    });
}

void SqliteStore::markDelivered(qint64 userId, qint64 chatId, qint64 maxId,
                                std::function<void(StoreResult<PositionChange>)> done) {
    submit<PositionChange>(
        [=](WriteContext &context) {
            return writes::markDelivered(context, userId, chatId, maxId);
        },
        std::move(done));
}

void SqliteStore::markRead(qint64 userId, qint64 chatId, qint64 maxId,
                           std::function<void(StoreResult<PositionChange>)> done) {
    submit<PositionChange>(
        [=](WriteContext &context) { return writes::markRead(context, userId, chatId, maxId); },
        std::move(done));
}

// ---- update log

StoreResult<qint64> SqliteStore::currentPts(qint64 userId) {
    return read<qint64>([&](sqlite::Connection &db) { return updatelog::currentPts(db, userId); });
}

StoreResult<Difference> SqliteStore::difference(qint64 userId, qint64 sincePts, int limit) {
    // A failure is Internal, never "nothing new" or tooLong: the client keeps its state and
    // asks again (docs/protocol.md §3).
    return read<Difference>(
        [&](sqlite::Connection &db) { return updatelog::difference(db, userId, sincePts, limit); });
}

bool SqliteStore::healthy() {
    // The newest row of each table: reads the root-to-rightmost-leaf pages of every b-tree
    // the requests use, so a damaged or vanished file shows here, not just a live handle.
    const StoreResult<bool> readable = read<bool>([](sqlite::Connection &db) {
        return db
            .prepare("SELECT (SELECT max(id) FROM users), (SELECT max(id) FROM devices),"
                     " (SELECT max(id) FROM chats), (SELECT max(id) FROM messages),"
                     " (SELECT max(user_id) FROM user_state),"
                     " (SELECT max(user_id) FROM user_updates)")
            .step();
    });
    const auto *ok = std::get_if<bool>(&readable);
    // A writer whose last transaction failed (disk full, I/O error) cannot acknowledge
    // anything: that is unhealthy too, until a batch commits again.
    return ok && *ok && !m_writer->stats().lastBatchFailed;
}

} // namespace msgr::server
