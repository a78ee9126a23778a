// The drafts records of store.h (schema 11): kept apart from sqlite_records.cpp so the draft
// feature's SQL is in one file. Records only; the rules are server/domain/drafts.*.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

std::optional<protocol::Draft> Records::draft(qint64 userId, qint64 chatId) {
    Statement s = m_db.prepare("SELECT text, date FROM drafts WHERE user_id = ? AND chat_id = ?");
    s.bind(1, userId).bind(2, chatId);
    if (!s.step())
        return std::nullopt;
    return protocol::Draft{chatId, s.text(0), s.int64(1)};
}

QList<protocol::Draft> Records::draftsAfter(qint64 userId, qint64 afterChatId, int limit) {
    // Only chats the user is still a member of: a draft left in a group the user left (or was
    // removed from) is no longer theirs to see, as the chat is not.
    Statement s = m_db.prepare("SELECT d.chat_id, d.text, d.date FROM drafts d JOIN chat_members m "
                               "ON m.chat_id = d.chat_id AND m.user_id = d.user_id "
                               "WHERE d.user_id = ? AND d.chat_id > ? ORDER BY d.chat_id LIMIT ?");
    s.bind(1, userId).bind(2, afterChatId).bind(3, qint64(limit));
    QList<protocol::Draft> drafts;
    while (s.step())
        drafts.append(protocol::Draft{s.int64(0), s.text(1), s.int64(2)});
    return drafts;
}

void Records::putDraft(qint64 userId, const protocol::Draft &draft) {
    writing().memory.facts.forgetDraft(userId, draft.chatId);
    m_db.prepare("INSERT OR REPLACE INTO drafts (user_id, chat_id, text, date) "
                 "VALUES (?, ?, ?, ?)")
        .bind(1, userId)
        .bind(2, draft.chatId)
        .bind(3, draft.text)
        .bind(4, draft.date)
        .run();
}

bool Records::deleteDraft(qint64 userId, qint64 chatId) {
    WriteContext &context = writing();
    // Every message clears its sender's draft there: the writer remembers where there is
    // none, so most messages skip this statement (writer_memory.h).
    if (context.memory.facts.withoutDraft(userId, chatId))
        return false;
    context.memory.facts.forgetDraft(userId, chatId); // journaled before the delete
    Connection &db = context.db;
    db.prepare("DELETE FROM drafts WHERE user_id = ? AND chat_id = ?")
        .bind(1, userId)
        .bind(2, chatId)
        .run();
    const bool deleted = db.changes() > 0;
    context.memory.facts.putWithoutDraft(userId, chatId);
    return deleted;
}

} // namespace msgr::server::sqlite
