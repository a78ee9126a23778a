// StoreWriter / StoreReader methods for the sync engine's own bookkeeping (schema 3): which
// chats have their whole history stored, which read marks the server has not acknowledged yet
// and which pending messages it refused for good.
#include "storage/store_reader.h"
#include "storage/store_writer.h"

namespace msgr::storage {

void StoreWriter::storeHistoryPage(qint64 chatId, const QList<protocol::Message> &messages,
                                   bool complete) {
    for (const protocol::Message &m : messages)
        if (m.chatId == chatId)
            storeMessage(m, false);
    if (complete) {
        ensureChat(chatId);
        must(m_db.cached("UPDATE chats SET history_complete = 1 WHERE id = ?1")
                 .bind(1, chatId)
                 .run(),
             "mark history complete");
    }
}

void StoreWriter::markReadPending(qint64 chatId, qint64 maxId) {
    readInbox(chatId, maxId); // also makes sure the chat row exists
    must(m_db.cached("UPDATE chats SET pending_read_max_id = ?2 "
                     "WHERE id = ?1 AND pending_read_max_id < ?2")
             .bind(1, chatId)
             .bind(2, maxId)
             .run(),
         "store pending read");
}

void StoreWriter::clearPendingRead(qint64 chatId, qint64 maxId) {
    must(m_db.cached("UPDATE chats SET pending_read_max_id = 0 "
                     "WHERE id = ?1 AND pending_read_max_id <= ?2")
             .bind(1, chatId)
             .bind(2, maxId)
             .run(),
         "clear pending read");
}

void StoreWriter::markFailed(qint64 localId) {
    must(m_db.cached("UPDATE messages SET failed = 1 WHERE local_id = ?1 AND pending != 0")
             .bind(1, localId)
             .run(),
         "mark failed");
}

bool StoreReader::historyComplete(qint64 chatId) {
    auto &stmt = m_db.cached("SELECT history_complete FROM chats WHERE id = ?1");
    return stmt.bind(1, chatId).next() && stmt.int64(0) != 0;
}

QHash<qint64, qint64> StoreReader::loadPendingReads() {
    QHash<qint64, qint64> out;
    auto &stmt =
        m_db.cached("SELECT id, pending_read_max_id FROM chats WHERE pending_read_max_id > 0");
    while (stmt.next())
        out.insert(stmt.int64(0), stmt.int64(1));
    return out;
}

QList<qint64> StoreReader::loadFailedMessages(qint64 chatId) {
    QList<qint64> out;
    auto &stmt = m_db.cached("SELECT local_id FROM messages WHERE failed != 0 "
                             "AND (?1 = 0 OR chat_id = ?1) ORDER BY local_id");
    stmt.bind(1, chatId);
    while (stmt.next())
        out.append(stmt.int64(0));
    return out;
}

} // namespace msgr::storage
