#include "server/store/store_rows.h"

namespace msgr::server::rows {

bool userExists(sqlite::Connection &db, qint64 userId) {
    return db.prepare("SELECT 1 FROM users WHERE id = ?").bind(1, userId).step();
}

bool isMember(sqlite::Connection &db, qint64 chatId, qint64 userId) {
    sqlite::Statement s =
        db.prepare("SELECT 1 FROM chat_members WHERE chat_id = ? AND user_id = ?");
    s.bind(1, chatId).bind(2, userId);
    return s.step();
}

QList<qint64> memberIds(sqlite::Connection &db, qint64 chatId) {
    sqlite::Statement s =
        db.prepare("SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id");
    s.bind(1, chatId);
    QList<qint64> ids;
    while (s.step())
        ids.append(s.int64(0));
    return ids;
}

std::optional<protocol::Chat> chat(sqlite::Connection &db, qint64 chatId) {
    sqlite::Statement s = db.prepare("SELECT kind, title, created_at FROM chats WHERE id = ?");
    s.bind(1, chatId);
    if (!s.step())
        return std::nullopt;
    protocol::Chat c;
    c.id = chatId;
    c.kind = protocol::chatKindFromName(s.text(0)).value_or(protocol::ChatKind::Private);
    c.title = s.text(1);
    c.createdAt = s.int64(2);
    c.memberIds = memberIds(db, chatId);
    return c;
}

protocol::Message messageFromRow(const sqlite::Statement &row, int first) {
    protocol::Message m;
    m.id = row.int64(first);
    m.chatId = row.int64(first + 1);
    m.senderId = row.int64(first + 2);
    m.date = row.int64(first + 3);
    m.text = row.text(first + 4);
    m.randomId = row.int64(first + 5);
    return m;
}

std::optional<protocol::Message> message(sqlite::Connection &db, qint64 messageId) {
    sqlite::Statement s = db.prepare(
        "SELECT id, chat_id, sender_id, date, text, random_id FROM messages WHERE id = ?");
    s.bind(1, messageId);
    if (!s.step())
        return std::nullopt;
    return messageFromRow(s);
}

qint64 lastMessageId(sqlite::Connection &db, qint64 chatId) {
    sqlite::Statement s = db.prepare("SELECT max(id) FROM messages WHERE chat_id = ?");
    s.bind(1, chatId);
    return s.step() ? s.int64(0) : 0; // max() of nothing is NULL, read as 0
}

protocol::Message forViewer(protocol::Message message, qint64 viewerId) {
    if (message.senderId != viewerId)
        message.randomId = 0;
    return message;
}

} // namespace msgr::server::rows
