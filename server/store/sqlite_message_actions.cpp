// The message-action records of store.h (schema 10): edits, "delete for me" and "delete for
// everyone". Records only; the rules are server/domain/message_actions.*.
#include "server/store/sqlite_message_rows.h"
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

namespace {
//! Rows of the chat that `viewer` deleted for themselves are left out.
constexpr const char *kNotHidden = "NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE "
                                   "h.user_id = ? AND h.chat_id = messages.chat_id AND "
                                   "h.message_id = messages.id)";
} // namespace

std::optional<protocol::Message> Records::message(qint64 chatId, qint64 messageId) {
    static const QByteArray sql = messageQuery("WHERE chat_id = ? AND id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId).bind(2, messageId);
    if (!s.step())
        return std::nullopt;
    return messageFromRow(s);
}

bool Records::messageHiddenFor(qint64 userId, qint64 chatId, qint64 messageId) {
    Statement s = m_db.prepare("SELECT 1 FROM hidden_messages WHERE user_id = ? AND chat_id = ? "
                               "AND message_id = ?");
    s.bind(1, userId).bind(2, chatId).bind(3, messageId);
    return s.step();
}

std::optional<protocol::Message> Records::lastMessageFor(qint64 viewerId, qint64 chatId) {
    static const QByteArray sql = messageQuery(QByteArray("WHERE chat_id = ? AND ")
                                                   .append(kNotHidden)
                                                   .append(" ORDER BY id DESC LIMIT 1"));
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId).bind(2, viewerId);
    if (!s.step())
        return std::nullopt;
    return messageFromRow(s);
}

QList<protocol::Message> Records::messagesBeforeFor(qint64 viewerId, qint64 chatId, qint64 beforeId,
                                                    int limit) {
    static const QByteArray sql = messageQuery(QByteArray("WHERE chat_id = ? AND id < ? AND ")
                                                   .append(kNotHidden)
                                                   .append(" ORDER BY id DESC LIMIT ?")
                                                   .constData());
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, chatId).bind(2, beforeId).bind(3, viewerId).bind(4, static_cast<qint64>(limit));
    QList<protocol::Message> list;
    while (s.step())
        list.append(messageFromRow(s));
    return list;
}

void Records::setMessageText(qint64 chatId, qint64 messageId, const QString &text,
                             qint64 editedAt) {
    writing()
        .db.prepare("UPDATE messages SET text = ?, edited_at = ? WHERE chat_id = ? AND id = ?")
        .bind(1, text)
        .bind(2, editedAt)
        .bind(3, chatId)
        .bind(4, messageId)
        .run();
}

bool Records::hideMessage(qint64 userId, qint64 chatId, qint64 messageId) {
    Connection &db = writing().db;
    Statement s = db.prepare("INSERT OR IGNORE INTO hidden_messages (user_id, chat_id, "
                             "message_id) VALUES (?, ?, ?) RETURNING 1");
    s.bind(1, userId).bind(2, chatId).bind(3, messageId);
    if (!s.step())
        return false; // already hidden
    s.run();          // finish the statement
    return true;
}

void Records::setChatPinnedMessage(qint64 chatId, qint64 messageId) {
    writing()
        .db.prepare("UPDATE chats SET pinned_message_id = ? WHERE id = ?")
        .bind(1, messageId)
        .bind(2, chatId)
        .run();
}

bool Records::deleteMessage(qint64 chatId, qint64 messageId) {
    Connection &db = writing().db;
    // What refers to the row goes first (foreign keys).
    db.prepare("DELETE FROM hidden_messages WHERE chat_id = ? AND message_id = ?")
        .bind(1, chatId)
        .bind(2, messageId)
        .run();
    db.prepare("DELETE FROM message_files WHERE chat_id = ? AND message_id = ?")
        .bind(1, chatId)
        .bind(2, messageId)
        .run();
    // Replies keep who they answered but no longer quote what is gone (docs/protocol.md §19).
    db.prepare("UPDATE messages SET reply_excerpt = '' WHERE chat_id = ? AND reply_to_id = ?")
        .bind(1, chatId)
        .bind(2, messageId)
        .run();
    // A pinned message deleted for everyone is pinned no more (docs/protocol.md §17.4).
    db.prepare("UPDATE chats SET pinned_message_id = 0 WHERE id = ? AND pinned_message_id = ?")
        .bind(1, chatId)
        .bind(2, messageId)
        .run();
    Statement s = db.prepare("DELETE FROM messages WHERE chat_id = ? AND id = ? RETURNING 1");
    s.bind(1, chatId).bind(2, messageId);
    if (!s.step())
        return false;
    s.run(); // finish the statement
    return true;
}

} // namespace msgr::server::sqlite
