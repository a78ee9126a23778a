#include "server/store/write_queue.h"

#include "server/store/store_logging.h"

#include <algorithm>

namespace msgr::server {

WriteQueue::WriteQueue(std::unique_ptr<sqlite::Connection> db, int maxBatch, int maxQueued,
                       std::function<void(WriteContext &)> beforeCommit)
    : m_db(std::move(db)), m_maxBatch(std::max(1, maxBatch)),
      m_maxQueued(static_cast<size_t>(std::max(1, maxQueued))),
      m_beforeCommit(std::move(beforeCommit)), m_thread([this] { run(); }) {}

WriteQueue::~WriteQueue() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

WriteQueue::Admission WriteQueue::enqueue(WriteJob job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return Admission::Stopping;
        if (m_queue.size() >= m_maxQueued) {
            m_refused.fetch_add(1);
            return Admission::Full;
        }
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
    return Admission::Queued;
}

bool WriteQueue::enqueueHousekeeping(WriteJob job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return false;
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

WriteQueue::Stats WriteQueue::stats() const {
    qint64 queued = 0;
    {
        std::lock_guard lock(m_mutex);
        queued = static_cast<qint64>(m_queue.size());
    }
    Stats stats;
    stats.batches = m_batches.load();
    stats.writes = m_writes.load();
    stats.failedBatches = m_failedBatches.load();
    stats.rerunRuns = m_rerunRuns.load();
    stats.refused = m_refused.load();
    stats.lastBatchFailed = m_lastBatchFailed.load();
    stats.queued = queued;
    return stats;
}

void WriteQueue::run() {
    std::vector<WriteJob> batch;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping, and everything queued has been written
            const auto take = std::min<size_t>(m_queue.size(), static_cast<size_t>(m_maxBatch));
            batch.assign(std::make_move_iterator(m_queue.begin()),
                         std::make_move_iterator(m_queue.begin() + static_cast<qsizetype>(take)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<qsizetype>(take));
        }
        runBatch(batch);
        batch.clear();
    }
}

namespace {
//! Units in one run at most. The run's SAVEPOINT keeps a copy of every page the run changes
//! first in an in-memory journal, freed at its RELEASE: a run of a whole batch (256 messages)
//! grew it to megabytes, and the heap with it, at every batch (bench/server_load/RESULTS.md,
//! srvsql); short runs keep it in the allocator's reused blocks.
constexpr size_t kMaxRunUnits = 32;

//! Runs a write's apply: false when it failed, whether by its answer or by throwing.
bool applied(WriteJob &job, WriteContext &context, bool *threw) {
    *threw = false;
    try {
        return job.apply(context);
    } catch (const StoreFailure &e) {
        qCWarning(lcStore) << "write failed:" << e.what();
        *threw = true;
        return false;
    }
}
} // namespace

void WriteQueue::runAlone(WriteContext &context, WriteJob &job) {
    m_db->prepare("SAVEPOINT write").run();
    m_memory.beginUnit();
    bool threw = false;
    // A failed ROLLBACK TO means the transaction itself is gone: it throws and the whole
    // batch fails (and the writer's memory is forgotten there).
    if (!applied(job, context, &threw)) {
        m_db->prepare("ROLLBACK TO write").run();
        m_memory.rollbackTo({});
    }
    m_db->prepare("RELEASE write").run();
}

std::optional<size_t> WriteQueue::runShared(WriteContext &context, std::vector<WriteJob> &batch,
                                            size_t first) {
    // One SAVEPOINT for the run instead of one per write: a SAVEPOINT and its RELEASE are two
    // statements, and each page a write changes first is copied into the statement journal,
    // about 2 µs per message (bench/server_load/RESULTS.md, srvsql).
    m_db->prepare("SAVEPOINT run").run();
    m_memory.beginUnit();
    size_t next = first;
    for (; next < batch.size() && batch[next].rerunnable && next - first < kMaxRunUnits; ++next) {
        const WriterMemory::Mark mark = m_memory.mark();
        const qint64 changesBefore = m_db->totalChanges();
        bool threw = false;
        if (applied(batch[next], context, &threw))
            continue;
        // Refused before it changed a row (not a member, not found, ...): nothing in SQL to
        // undo, only what it put in the writer's memory. The rest of the run goes on.
        if (!threw && m_db->totalChanges() == changesBefore && m_db->inTransaction()) {
            m_memory.rollbackTo(mark);
            continue;
        }
        // It wrote and failed: only the run's SAVEPOINT can undo that, and with it the run's
        // earlier writes, which the caller runs again.
        m_db->prepare("ROLLBACK TO run").run();
        m_memory.rollbackTo({});
        m_db->prepare("RELEASE run").run();
        m_rerunRuns.fetch_add(1);
        return std::nullopt;
    }
    m_db->prepare("RELEASE run").run();
    return next;
}

void WriteQueue::runBatch(std::vector<WriteJob> &batch) {
    bool committed = false;
    try {
        m_memory.logs.trim();
        WriteContext context{*m_db, m_memory, {}, false};
        sqlite::Transaction transaction(*m_db, sqlite::Transaction::Kind::Immediate);
        // After a run had to be rolled back, the rest of the batch runs write by write: a
        // batch costs at most one re-run, whatever its writes do.
        bool alone = false;
        size_t next = 0;
        while (next < batch.size()) {
            if (!alone && batch[next].rerunnable) {
                if (const std::optional<size_t> end = runShared(context, batch, next))
                    next = *end;
                else
                    alone = true;
                continue;
            }
            runAlone(context, batch[next]);
            ++next;
        }
        if (m_beforeCommit)
            m_beforeCommit(context);
        transaction.commit();
        committed = true;
    } catch (const sqlite::Error &e) {
        qCCritical(lcStore) << "batch of" << batch.size() << "writes failed:" << e.what();
        m_failedBatches.fetch_add(1);
        // The counters and facts in memory may be ahead of what the database kept.
        m_memory.clear();
    }
    m_lastBatchFailed.store(!committed);
    m_batches.fetch_add(1);
    m_writes.fetch_add(static_cast<qint64>(batch.size()));
    for (WriteJob &job : batch) {
        if (job.complete)
            job.complete(committed);
    }
}

} // namespace msgr::server
