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

} // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const QString &dataDir,
                                               const SqliteStoreOptions &options, QString *error) {
    QString ignored;
    QString &message = error ? *error : ignored;
    if (options.logRetention < 1 || options.maxBatch < 1) {
        message = QStringLiteral("logRetention and maxBatch must be at least 1");
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
    if (!configureWriter(*writer, &reason) || !sqlite::migrate(*writer, &reason)) {
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
        std::move(writer), m_options.maxBatch,
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
    return {stats.batches, stats.writes, stats.failedBatches};
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

template <typename Result, typename Query>
Result SqliteStore::read(Result fallback, Query &&query) {
    sqlite::Connection *db = readConnection();
    if (!db)
        return fallback;
    try {
        return query(*db);
    } catch (const sqlite::Error &e) {
        qCWarning(lcStore) << "read failed:" << e.what();
        return fallback;
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
    if (!m_writer->enqueue(std::move(job))) {
        qCWarning(lcStore) << "write refused: the store is closing";
        if (done)
            done(StoreError::Internal);
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

std::optional<Account> SqliteStore::findAccount(const QString &username) {
    return read(std::optional<Account>(),
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

std::optional<SessionRef> SqliteStore::sessionByTokenHash(const QByteArray &tokenHash) {
    return read(std::optional<SessionRef>(),
                [&](sqlite::Connection &db) { return reads::sessionByTokenHash(db, tokenHash); });
}

QList<protocol::Device> SqliteStore::devices(qint64 userId) {
    return read(QList<protocol::Device>(),
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
    bool firstPending = false;
    {
        std::lock_guard lock(m_touchMutex);
        firstPending = m_pendingTouches.isEmpty();
        qint64 &lastSeen = m_pendingTouches[deviceId];
        lastSeen = std::max(lastSeen, now);
    }
    if (!firstPending)
        return; // a flush is already queued and will take this one too
    WriteJob job;
    job.apply = [this](WriteContext &context) {
        QHash<qint64, qint64> touches;
        {
            std::lock_guard lock(m_touchMutex);
            touches.swap(m_pendingTouches);
        }
        writes::touchDevices(context, touches);
        return true;
    };
    m_writer->enqueue(std::move(job)); // refused only while closing: activity is not critical
}

// ---- users and chats

QList<protocol::User> SqliteStore::searchUsers(const QString &usernamePrefix, int limit) {
    return read(QList<protocol::User>(), [&](sqlite::Connection &db) {
        return reads::searchUsers(db, usernamePrefix, limit);
    });
}

QList<protocol::User> SqliteStore::users(const QList<qint64> &ids) {
    return read(QList<protocol::User>(),
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

QList<protocol::ChatSummary> SqliteStore::chats(qint64 userId) {
    return read(QList<protocol::ChatSummary>(),
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

StoreResult<QList<protocol::Message>> SqliteStore::history(qint64 userId, qint64 chatId,
                                                           qint64 beforeId, int limit) {
    return read(StoreResult<QList<protocol::Message>>(StoreError::Internal),
                [&](sqlite::Connection &db) {
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

qint64 SqliteStore::currentPts(qint64 userId) {
    return read(qint64(0),
                [&](sqlite::Connection &db) { return updatelog::currentPts(db, userId); });
}

Difference SqliteStore::difference(qint64 userId, qint64 sincePts, int limit) {
    // On a database failure answer "nothing new yet": the client keeps its state and asks
    // again later, rather than dropping all its caches as tooLong would make it.
    Difference failed;
    failed.pts = sincePts;
    return read(failed, [&](sqlite::Connection &db) {
        return updatelog::difference(db, userId, sincePts, limit);
    });
}

bool SqliteStore::healthy() {
    return read(false, [](sqlite::Connection &db) { return db.prepare("SELECT 1").step(); });
}

} // namespace msgr::server
