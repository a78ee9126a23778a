#include "storage/transaction.h"

namespace msgr::storage {

void WriteTransaction::must(bool ok, const char *what) {
    if (!ok)
        throw SqlError(std::string(what) + ": " + m_db.lastError().toStdString());
}

void WriteTransaction::noteChatChanged(qint64 chatId) {
    if (!m_changedChats.contains(chatId)) {
        m_changedChats.insert(chatId);
        m_changes.changedChatIds.append(chatId);
    }
}

void WriteTransaction::noteChatMarksMoved(qint64 chatId) {
    noteChatChanged(chatId);
    if (!m_movedChats.contains(chatId)) {
        m_movedChats.insert(chatId);
        m_changes.chatsWithNewPositions.append(chatId);
    }
}

void WriteTransaction::noteMessageInserted(const MessageRecord &record) {
    m_changes.insertedMessages.append(record);
}

void WriteTransaction::noteMessageUpdated(const MessageRecord &record) {
    m_changes.updatedMessages.append(record);
}

void WriteTransaction::noteMessageRemoved(qint64 localId) {
    m_changes.removedMessageIds.append(localId);
}

void WriteTransaction::noteFileReleased(const QString &fileId) {
    m_changes.releasedFileIds.append(fileId);
}

void WriteTransaction::queueForIndex(qint64 localId, const QString &text) {
    m_unindexed.append({localId, text});
}

void WriteTransaction::indexQueuedTexts() {
    // One run of plain INSERTs with no savepoint between them: one segment for all of them.
    for (const UnindexedText &row : std::as_const(m_unindexed)) {
        auto &stmt = m_db.cached("INSERT INTO messages_fts(docid, text) VALUES (?1, ?2)");
        must(stmt.bind(1, row.localId).bind(2, row.text).run(), "index message text");
    }
    m_unindexed.clear();
}

ChangeSet WriteTransaction::takeChanges() {
    ChangeSet out = std::move(m_changes);
    m_changes = ChangeSet();
    m_changedChats.clear();
    m_movedChats.clear();
    return out;
}

void WriteTransaction::beginJob() {
    m_changesBeforeJob = m_changes;
    m_changedChatsBeforeJob = m_changedChats;
    m_movedChatsBeforeJob = m_movedChats;
}

void WriteTransaction::abandonJob() {
    m_unindexed.clear();
    m_changes = m_changesBeforeJob;
    m_changedChats = m_changedChatsBeforeJob;
    m_movedChats = m_movedChatsBeforeJob;
}

} // namespace msgr::storage
