#include "storage/store_worker.h"

#include "storage/cipher_open.h"
#include "storage/migrations.h"
#include "storage/storage_logging.h"
#include "storage/tables/account_table.h"

#include <QDir>

namespace msgr::storage {

StoreWorker::StoreWorker(std::function<void(ChangeSet)> publish) : m_publish(std::move(publish)) {
    m_timer.setParent(this); // moves to the storage thread with its owner
    m_timer.setSingleShot(true);
    m_timer.setInterval(kBatchDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreWorker::flush);
}

StoreWorker::~StoreWorker() {
    m_timer.setParent(nullptr);
}

OpenResult StoreWorker::open(const QString &directory, const crypto::SecureBytes &rawKey,
                             bool encrypted) {
    flush();
    m_db.close();
    const QString path = QDir(directory).filePath(QStringLiteral("history.db"));
    OpenResult result = encrypted ? openEncryptedDatabase(m_db, path, rawKey.view())
                                  : openPlaintextDatabaseForBenchmark(m_db, path);
    if (result.ok())
        result = migrate(m_db);
    if (!result.ok()) {
        m_db.close();
        return result;
    }
    m_write.setSelfUserId(AccountTable::storedSelfUserId(m_write));
    return result;
}

void StoreWorker::addWrite(WriteJob job, AfterCommit after, Commit commit) {
    m_pending.push_back(Pending{std::move(job), std::move(after)});
    if (m_pending.size() >= static_cast<size_t>(kMaxBatchWrites))
        flush();
    else if (commit == Commit::Soon)
        m_timer.start(0); // after the events already queued: a burst still shares one commit
    else if (!m_timer.isActive())
        m_timer.start(kBatchDelayMs);
}

void StoreWorker::flush() {
    m_timer.stop();
    if (m_pending.empty())
        return;
    std::vector<Pending> batch;
    batch.swap(m_pending);
    if (!m_db.isOpen())
        qCWarning(lcStorage) << "dropping" << batch.size() << "writes: the database is not open";
    else if (runBatch(batch))
        commitBatch();
    m_db.resetCachedStatements();
    const ChangeSet changes = m_write.takeChanges();
    if (!changes.isEmpty())
        m_publish(changes);
    for (Pending &p : batch)
        if (p.after)
            p.after();
}

bool StoreWorker::runBatch(std::vector<Pending> &batch) {
    if (!m_db.exec("BEGIN IMMEDIATE;")) {
        qCWarning(lcStorage) << "cannot begin a write batch:" << m_db.lastError();
        return false;
    }
    // First all jobs with no savepoint between them: a savepoint journals, and SQLCipher
    // encrypts, every page a job touches, and makes FTS4 write a new index segment; that was
    // half the cost of ingesting updates. Nearly every batch succeeds whole.
    m_write.beginJob();
    try {
        for (Pending &p : batch)
            p.job(m_write);
        m_write.finishJob();
        return true;
    } catch (const SqlError &e) {
        qCInfo(lcStorage) << "a write failed; re-running its batch job by job:" << e.what();
    }
    // Something failed: undo the whole batch and run it again with one savepoint per job, so
    // only the failing jobs are dropped, each whole. Jobs write only through their transaction,
    // so running one again gives the same result.
    m_db.resetCachedStatements();
    m_db.exec("ROLLBACK;");
    m_write.abandonJob();
    if (!m_db.exec("BEGIN IMMEDIATE;")) {
        qCWarning(lcStorage) << "cannot begin a write batch:" << m_db.lastError();
        return false;
    }
    for (Pending &p : batch) {
        m_db.exec("SAVEPOINT job;");
        m_write.beginJob();
        try {
            p.job(m_write);
            m_write.finishJob();
            m_db.exec("RELEASE job;");
        } catch (const SqlError &e) {
            qCWarning(lcStorage) << "write rolled back:" << e.what();
            m_write.abandonJob();
            m_db.exec("ROLLBACK TO job;");
            m_db.exec("RELEASE job;");
        }
    }
    return true;
}

void StoreWorker::commitBatch() {
    m_db.resetCachedStatements();
    if (!m_db.exec("COMMIT;")) {
        qCWarning(lcStorage) << "commit failed:" << m_db.lastError();
        m_db.exec("ROLLBACK;");
        m_write.takeChanges();
    }
}

void StoreWorker::read(const ReadJob &job) {
    flush();
    m_read.setSelfUserIdForRead(m_write.selfUserId());
    job(m_read);
    m_db.resetCachedStatements();
}

void StoreWorker::shutdown() {
    flush();
    m_db.close();
}

} // namespace msgr::storage
