#pragma once
//! The object behind ProfileStore that lives on the storage thread and owns its connection.
//! Writes are batched into one transaction (up to kMaxBatchWrites jobs or kBatchDelayMs);
//! a read first commits the pending writes. Every method runs on the storage thread.
//! Each job is all-or-nothing; when one fails, its batch is run again job by job, so a job may
//! run twice: it must write only through its WriteTransaction and only assign its results.
#include "crypto/secure_bytes.h"
#include "storage/open_result.h"
#include "storage/records.h"
#include "storage/sql_database.h"
#include "storage/transaction.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <vector>

namespace msgr::storage {

inline constexpr int kMaxBatchWrites = 50;
inline constexpr int kBatchDelayMs = 10;

class StoreWorker : public QObject {
    Q_OBJECT
public:
    using WriteJob = std::function<void(WriteTransaction &)>;
    using ReadJob = std::function<void(ReadTransaction &)>;
    using AfterCommit = std::function<void()>;

    //! `publish` receives each non-empty ChangeSet after its batch committed.
    explicit StoreWorker(std::function<void(ChangeSet)> publish);
    ~StoreWorker() override;

    //! `rawKey` is ignored when !encrypted (benchmarks only).
    OpenResult open(const QString &directory, const crypto::SecureBytes &rawKey, bool encrypted);
    bool isOpen() const { return m_db.isOpen(); }
    //! Batched: the batch commits after kBatchDelayMs (or at kMaxBatchWrites jobs). Soon: it
    //! commits once the jobs already posted to this thread are taken (a zero-delay timer).
    enum class Commit { Batched, Soon };
    //! Queues a write; `after` runs once the batch holding it committed (or was rolled back).
    void addWrite(WriteJob job, AfterCommit after = {}, Commit commit = Commit::Batched);
    //! Commits pending writes, then reads. Not run when the database is not open.
    void read(const ReadJob &job);
    void flush();
    void shutdown();

private:
    struct Pending {
        WriteJob job;
        AfterCommit after;
    };

    //! Runs the batch inside an open transaction, dropping failed jobs; false: no transaction.
    bool runBatch(std::vector<Pending> &batch);
    void commitBatch();

    sql::Database m_db;
    WriteTransaction m_write{m_db};
    ReadOnlyTransaction m_read{m_db};
    std::vector<Pending> m_pending;
    QTimer m_timer;
    std::function<void(ChangeSet)> m_publish;
};

} // namespace msgr::storage
