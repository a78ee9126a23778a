#pragma once
//! The embedded Store: one SQLite file (<dataDir>/server.db) in WAL mode, group commit.
//!
//! Thread-safe, as Store promises. Read units run on the calling thread, on a read-only
//! connection of its own (opened on first use, closed with the store), inside one deferred
//! transaction. Write units are queued to one writer thread, which commits up to `maxBatch`
//! of them per transaction with synchronous=FULL, each inside its own SAVEPOINT, then runs
//! their `complete` callbacks in order on that thread. At most `maxQueuedWrites` units wait:
//! past that a write is refused at once (Busy). Destroying the store finishes every queued
//! write first; a write submitted while it is being destroyed (e.g. from a `complete`) is
//! refused (Closing).
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

    bool read(const std::function<void(RecordReader &)> &unit) override;
    using Store::write;
    Admission write(std::function<bool(RecordWriter &)> unit,
                    std::function<void(bool committed)> complete, Rerun rerun) override;
    //! Coalesced in memory; written with the next batch (at most one pending write for all).
    void touchDevice(qint64 deviceId, qint64 lastSeenAt) override;
    bool healthy() override;

    //! Counters of the writer (for metrics and benchmarks). Thread-safe.
    struct WriteStats {
        qint64 batches = 0;       // transactions attempted
        qint64 writes = 0;        // writes run
        qint64 failedBatches = 0; // transactions that did not commit
        qint64 rerunRuns = 0;     // runs of Rerun::Allowed units rolled back and run again
        qint64 refused = 0;       // writes refused with Busy (queue full)
        qint64 queued = 0;        // writes waiting now
    };
    WriteStats writeStats() const;

private:
    SqliteStore(QString path, const SqliteStoreOptions &options,
                std::unique_ptr<sqlite::Connection> writer);

    //! The calling thread's read-only connection; null (and logged) if it cannot be opened.
    sqlite::Connection *readConnection();
    //! Folds the WAL into the database file once every other connection is closed.
    void checkpointAtClose() const;

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
