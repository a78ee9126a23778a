#pragma once
//! The write side of a profile database: every change the client makes to its local history,
//! recording what changed for the UI. Storage thread only; runs inside the worker's batch.
#include "protocol/objects.h"
#include "protocol/updates.h"
#include "storage/records.h"
#include "storage/sql_database.h"

#include <QSet>
#include <stdexcept>

namespace msgr::storage {

//! Pending messages sort after every sent one: their sort key is this plus their local id.
inline constexpr qint64 kPendingSortBase = qint64{1} << 62;

//! A failed SQL step inside a write job; the worker rolls that job back.
class SqlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StoreWriter {
public:
    explicit StoreWriter(sql::Database &db) : m_db(db) {}

    void setSelfUserId(qint64 id) { m_selfUserId = id; }
    qint64 selfUserId() const { return m_selfUserId; }
    //! What the writes since the last call changed.
    ChangeSet takeChanges();
    //! Starts a write job (or a run of them) that may be rolled back as one.
    void beginJob();
    //! Ends a write job (or a batch run as one): adds the texts it inserted to the full-text index.
    void finishJob();
    //! The job was rolled back: forgets the changes it recorded and the texts it queued.
    void abandonJob();

    void applyUpdate(const protocol::Update &update);
    //! forwardOnly: never move pts backwards (a replayed batch is harmless).
    void storePts(qint64 pts, bool forwardOnly);
    //! Inserts a server message once; a pending row with its randomId becomes this message.
    //! countUnread: it arrived live, so it may raise the chat's unread count.
    void storeMessage(const protocol::Message &message, bool countUnread);
    void storeChat(const protocol::Chat &chat);
    void readInbox(qint64 chatId, qint64 maxId);
    void readOutbox(qint64 chatId, qint64 maxId);
    void delivered(qint64 chatId, qint64 maxId);
    void replaceChats(const QList<protocol::ChatSummary> &chats, qint64 pts);
    void storeUsers(const QList<protocol::User> &users);
    MessageRecord enqueueOutgoing(qint64 chatId, qint64 senderId, const QString &text,
                                  qint64 randomId, qint64 date);
    void saveAccount(const AccountState &account);
    void clearAccount();

    // ---- sync bookkeeping (store_sync_marks.cpp)
    //! A page of messages.history; `complete`: nothing older exists on the server.
    void storeHistoryPage(qint64 chatId, const QList<protocol::Message> &messages, bool complete);
    //! readInbox() plus "not yet told the server": raises the chat's pending read mark.
    void markReadPending(qint64 chatId, qint64 maxId);
    //! The server acknowledged reading up to maxId: clears the pending mark if not raised since.
    void clearPendingRead(qint64 chatId, qint64 maxId);
    //! The server refused this pending message for good: it is never resent.
    void markFailed(qint64 localId);

    // ---- profile settings (store_settings.cpp)
    void saveSettings(const ProfileSettings &settings);

private:
    void ensureChat(qint64 chatId);
    void refreshLastMessage(qint64 chatId);
    void raiseMark(const char *sql, qint64 chatId, qint64 maxId);
    void markChatChanged(qint64 chatId);
    void must(bool ok, const char *what);
    void indexQueuedTexts();

    struct UnindexedText {
        qint64 localId;
        QString text;
    };

    sql::Database &m_db;
    qint64 m_selfUserId = 0;
    ChangeSet m_changes;
    QSet<qint64> m_changedChats;
    QSet<qint64> m_movedChats;
    // Inserted by the current job, not yet in messages_fts. FTS4 turns its in-memory terms into
    // a new index segment whenever a statement opens a savepoint (every UPDATE, every INSERT
    // with a trigger), so indexing each row as it was inserted wrote one segment per message
    // and merged them all the time, each rewritten page encrypted again.
    QList<UnindexedText> m_unindexed;
    // What was recorded before the current job, restored if it is rolled back.
    ChangeSet m_changesBeforeJob;
    QSet<qint64> m_changedChatsBeforeJob;
    QSet<qint64> m_movedChatsBeforeJob;
};

} // namespace msgr::storage
