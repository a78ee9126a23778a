#pragma once
//! The embedded Store: one SQLite file (<dataDir>/server.db) in WAL mode, group commit.
//!
//! Thread-safe, as Store promises. Reads run on the calling thread, on a read-only
//! connection of its own (opened on first use, closed with the store). Writes are queued to
//! one writer thread, which commits up to `maxBatch` of them per transaction with
//! synchronous=FULL, each inside its own SAVEPOINT, then runs their `done` callbacks in order
//! on that thread. At most `maxQueuedWrites` writes wait: past that a write gets
//! kStoreBusy at once, on the calling thread. Destroying the store finishes every queued
//! write first; a write submitted while it is being destroyed (e.g. from a `done`) gets
//! StoreError::Internal at once.
#include "server/store/store.h"
#include "server/store/store_options.h"

#include <QHash>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace msgr::server {

namespace sqlite {
class Connection;
}
class WriteQueue;
struct WriteContext;

class SqliteStore final : public Store {
public:
    //! Opens (creating if needed) <dataDir>/server.db, checks it (options.check) and migrates
    //! its schema. Null and `error` when the directory or file cannot be used (it is not a
    //! database, fails the check, or is from a newer build); such a file is left untouched.
    static std::unique_ptr<SqliteStore> open(const QString &dataDir,
                                             const SqliteStoreOptions &options, QString *error);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore &) = delete;
    SqliteStore &operator=(const SqliteStore &) = delete;

    void createAccount(const QString &username, const QString &displayName,
                       const QByteArray &passwordHash,
                       std::function<void(StoreResult<protocol::User>)> done) override;
    StoreResult<std::optional<Account>> findAccount(const QString &username) override;
    void createDevice(qint64 userId, const QString &name, const QByteArray &tokenHash, qint64 now,
                      std::function<void(StoreResult<NewDevice>)> done) override;
    StoreResult<std::optional<SessionRef>> sessionByTokenHash(const QByteArray &tokenHash) override;
    StoreResult<QList<protocol::Device>> devices(qint64 userId) override;
    void revokeDevice(qint64 userId, qint64 deviceId,
                      std::function<void(StoreResult<bool>)> done) override;
    //! Coalesced in memory; written with the next batch (at most one pending write for all).
    void touchDevice(qint64 deviceId, qint64 now) override;

    StoreResult<QList<protocol::User>> searchUsers(const QString &usernamePrefix,
                                                   int limit) override;
    StoreResult<QList<protocol::User>> users(const QList<qint64> &ids) override;
    void openPrivateChat(qint64 callerId, qint64 peerId, qint64 now,
                         std::function<void(StoreResult<OpenedChat>)> done) override;
    StoreResult<QList<protocol::ChatSummary>> chats(qint64 userId) override;

    //! randomId must be non-zero (the gateway checks): it is the deduplication key.
    void appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                       qint64 now, std::function<void(StoreResult<AppendedMessage>)> done) override;
    StoreResult<HistoryPage> history(qint64 userId, qint64 chatId, qint64 beforeId,
                                     int limit) override;
    void markDelivered(qint64 userId, qint64 chatId, qint64 maxId,
                       std::function<void(StoreResult<PositionChange>)> done) override;
    void markRead(qint64 userId, qint64 chatId, qint64 maxId,
                  std::function<void(StoreResult<PositionChange>)> done) override;

    StoreResult<qint64> currentPts(qint64 userId) override;
    StoreResult<Difference> difference(qint64 userId, qint64 sincePts, int limit) override;
    bool healthy() override;

    //! Counters of the writer (for metrics and benchmarks). Thread-safe.
    struct WriteStats {
        qint64 batches = 0;       // transactions attempted
        qint64 writes = 0;        // writes run
        qint64 failedBatches = 0; // transactions that did not commit
        qint64 refused = 0;       // writes refused with Busy (queue full)
        qint64 queued = 0;        // writes waiting now
    };
    WriteStats writeStats() const;

private:
    SqliteStore(QString path, const SqliteStoreOptions &options,
                std::unique_ptr<sqlite::Connection> writer);

    //! The calling thread's read-only connection; null (and logged) if it cannot be opened.
    sqlite::Connection *readConnection();
    //! Runs `query` (returning T or StoreResult<T>) on the read connection; Internal when the
    //! connection cannot be had or the query throws.
    template <typename T, typename Query> StoreResult<T> read(Query &&query);
    template <typename T>
    void submit(std::function<StoreResult<T>(WriteContext &)> work,
                std::function<void(StoreResult<T>)> done);

    const QString m_path;
    const SqliteStoreOptions m_options;

    std::mutex m_readersMutex;
    std::unordered_map<std::thread::id, std::unique_ptr<sqlite::Connection>> m_readers;

    std::mutex m_touchMutex;
    QHash<qint64, qint64> m_pendingTouches; // deviceId -> newest last-seen time
    bool m_touchFlushQueued = false;        // a job that writes m_pendingTouches is queued

    std::unique_ptr<WriteQueue> m_writer; // destroyed first (see the destructor)
};

} // namespace msgr::server
