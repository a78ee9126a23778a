#pragma once
//! The store's single writer thread: group commit of queued writes. A write that fails loses
//! only itself: each runs inside a SAVEPOINT of its own, or, when it may be re-run, inside one
//! SAVEPOINT shared by a run of such writes (docs/architecture.md, "One SAVEPOINT per run").
#include "server/store/sqlite_connection.h"
#include "server/store/writer_memory.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

namespace msgr::server {

//! What one batch transaction shares between its writes. Writer thread only.
struct WriteContext {
    sqlite::Connection &db;
    WriterMemory &memory;                 // kept between batches
    std::unordered_set<qint64> grownLogs; // users whose update log grew in this batch
    bool messageIdsMoved = false;         // the message id sequence moved in this batch
};

struct WriteJob {
    //! Runs inside the batch transaction. Returns false (or throws StoreFailure) when the write
    //! failed: what it wrote is rolled back, the rest go on.
    std::function<bool(WriteContext &)> apply;
    //! True when `apply` may run again in the same batch after what it wrote (SQL and the
    //! writer's memory) was rolled back, with no effect outside them. Such writes share one
    //! SAVEPOINT per run; when one of them fails after writing, the run is rolled back and its
    //! writes run again, each in a SAVEPOINT of its own.
    bool rerunnable = false;
    //! Runs on the writer thread after the batch: committed=false when the COMMIT (or the
    //! batch as a whole) failed and nothing of it was kept.
    std::function<void(bool committed)> complete;
};

class WriteQueue {
public:
    //! Takes the writer connection; `beforeCommit` runs once per batch inside its transaction
    //! (after every write) and may throw sqlite::Error to fail the whole batch. At most
    //! `maxQueued` jobs wait (the batch being written not counted): past it enqueue() refuses
    //! at once, so a flood of writes costs bounded memory and bounded latency.
    WriteQueue(std::unique_ptr<sqlite::Connection> db, int maxBatch, int maxQueued,
               std::function<void(WriteContext &)> beforeCommit);
    //! Finishes every queued write, then stops the thread and closes the connection.
    ~WriteQueue();
    WriteQueue(const WriteQueue &) = delete;
    WriteQueue &operator=(const WriteQueue &) = delete;

    enum class Admission {
        Queued,
        Full,     // maxQueued jobs are waiting: the job was not taken
        Stopping, // the queue is shutting down: the job was not taken
    };
    //! Thread-safe.
    Admission enqueue(WriteJob job);
    //! Thread-safe. Ignores the cap; for the store's own coalesced housekeeping, which has at
    //! most one job queued at a time. Refused only when stopping (returns false).
    bool enqueueHousekeeping(WriteJob job);

    struct Stats {
        qint64 batches = 0; // transactions attempted
        qint64 writes = 0;  // jobs run
        qint64 failedBatches = 0;
        qint64 rerunRuns = 0; // runs of shared-SAVEPOINT writes rolled back and run again
        qint64 refused = 0;   // jobs refused because the queue was full
        bool lastBatchFailed = false;
        qint64 queued = 0; // jobs waiting now
    };
    //! Thread-safe.
    Stats stats() const;

private:
    void run();
    void runBatch(std::vector<WriteJob> &batch);
    //! Runs batch[first] and the rerunnable writes after it under one SAVEPOINT. Returns the
    //! index past them, or nullopt when one failed after writing: then nothing of the run is
    //! kept (SQL and memory), and the caller runs it again write by write.
    std::optional<size_t> runShared(WriteContext &context, std::vector<WriteJob> &batch,
                                    size_t first);
    //! Runs one write in a SAVEPOINT of its own.
    void runAlone(WriteContext &context, WriteJob &job);
    std::unique_ptr<sqlite::Connection> m_db;
    WriterMemory m_memory; // writer thread only
    const int m_maxBatch;
    const size_t m_maxQueued;
    std::function<void(WriteContext &)> m_beforeCommit;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<WriteJob> m_queue;
    bool m_stopping = false;

    std::atomic<qint64> m_batches{0};
    std::atomic<qint64> m_writes{0};
    std::atomic<qint64> m_failedBatches{0};
    std::atomic<qint64> m_rerunRuns{0};
    std::atomic<qint64> m_refused{0};
    std::atomic<bool> m_lastBatchFailed{false};

    std::thread m_thread; // last: starts after everything above is ready
};

} // namespace msgr::server
