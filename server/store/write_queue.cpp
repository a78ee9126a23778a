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
    return {m_batches.load(), m_writes.load(),          m_failedBatches.load(),
            m_refused.load(), m_lastBatchFailed.load(), queued};
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

void WriteQueue::runBatch(std::vector<WriteJob> &batch) {
    bool committed = false;
    try {
        m_memory.logs.trim();
        WriteContext context{*m_db, m_memory, {}, false};
        sqlite::Transaction transaction(*m_db, sqlite::Transaction::Kind::Immediate);
        for (WriteJob &job : batch) {
            m_db->prepare("SAVEPOINT write").run();
            m_memory.beginUnit();
            bool ok = false;
            try {
                ok = job.apply(context);
            } catch (const sqlite::Error &e) {
                qCWarning(lcStore) << "write failed:" << e.what();
            }
            // A failed ROLLBACK TO means the transaction itself is gone: it throws and the
            // whole batch fails below (and the writer's memory is forgotten there).
            if (!ok) {
                m_db->prepare("ROLLBACK TO write").run();
                m_memory.rollbackUnit();
            }
            m_db->prepare("RELEASE write").run();
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
