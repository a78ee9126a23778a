#pragma once
//! The typed transactions a storage job receives (ProfileStore::read / ProfileStore::write).
//! Tables (storage/tables/) are written against them; a feature adds its own table file and
//! runs as many of its writes as it needs inside one WriteTransaction, e.g. its own state, the
//! messages and the pts, all-or-nothing.
//!
//! Storage thread only: a transaction exists only while a job runs on the storage thread, and
//! a job must not keep it. A write job may be run twice (its batch is re-run job by job when
//! one fails), so it writes only through its transaction and only assigns its results.
#include "storage/records.h"
#include "storage/sql_database.h"

#include <QSet>
#include <stdexcept>

namespace msgr::storage {

//! A failed SQL step inside a write job; the worker rolls that job back.
class SqlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ReadTransaction {
public:
    explicit ReadTransaction(sql::Database &db) : m_db(db) {}
    ReadTransaction(const ReadTransaction &) = delete;
    ReadTransaction &operator=(const ReadTransaction &) = delete;

    sql::Database &db() { return m_db; }
    //! The account's user id (0 before any sign-in): decides which messages are "mine".
    qint64 selfUserId() const { return m_selfUserId; }

protected:
    ~ReadTransaction() = default;
    friend class StoreWorker;
    void setSelfUserIdForRead(qint64 id) { m_selfUserId = id; }

    sql::Database &m_db;
    qint64 m_selfUserId = 0;
};

//! A read job's view: reads only.
class ReadOnlyTransaction final : public ReadTransaction {
public:
    using ReadTransaction::ReadTransaction;
};

class WriteTransaction final : public ReadTransaction {
public:
    using ReadTransaction::ReadTransaction;

    //! Throws SqlError (naming `what` and SQLite's message) unless `ok`: rolls the job back.
    void must(bool ok, const char *what);
    //! Signing in changes whose messages are "mine" for later jobs.
    void setSelfUserId(qint64 id) { m_selfUserId = id; }

    // ---- what changed, for the UI (ProfileStore::changed after the commit)
    void noteChatChanged(qint64 chatId);
    //! Delivered/read marks moved: rows of that chat change state.
    void noteChatMarksMoved(qint64 chatId);
    void noteMessageInserted(const MessageRecord &record);
    void noteMessageUpdated(const MessageRecord &record);
    void noteMessageRemoved(qint64 localId);
    void noteFileReleased(const QString &fileId);
    //! The chat list was replaced whole (after tooLong).
    void noteReset() { m_changes.reset = true; }

    // ---- the full-text index
    //! Adds `text` to messages_fts at the end of the job. FTS4 turns its in-memory terms into a
    //! new index segment whenever a statement opens a savepoint (every UPDATE, every INSERT with
    //! a trigger), so indexing each row as it was inserted wrote one segment per message and
    //! merged them all the time, each rewritten page encrypted again.
    void queueForIndex(qint64 localId, const QString &text);
    //! Indexes what is queued now (before a statement whose trigger rewrites indexed rows).
    void indexQueuedTexts();

private:
    friend class StoreWorker;
    //! What the writes since the last call changed.
    ChangeSet takeChanges();
    void beginJob();
    void finishJob() { indexQueuedTexts(); }
    void abandonJob();

    struct UnindexedText {
        qint64 localId;
        QString text;
    };

    ChangeSet m_changes;
    QSet<qint64> m_changedChats;
    QSet<qint64> m_movedChats;
    QList<UnindexedText> m_unindexed;
    // What was recorded before the current job, restored if it is rolled back.
    ChangeSet m_changesBeforeJob;
    QSet<qint64> m_changedChatsBeforeJob;
    QSet<qint64> m_movedChatsBeforeJob;
};

} // namespace msgr::storage
