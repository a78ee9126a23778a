// The chat_mutes records of store.h (schema 12): kept apart from sqlite_records.cpp so the mute
// feature's SQL is in one file. Records only; the rules are server/domain/mutes.*.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

QList<ChatMuteRecord> Records::mutedChats(qint64 userId, qint64 now, int limit) {
    Statement s = m_db.prepare("SELECT chat_id, muted_until FROM chat_mutes "
                               "WHERE user_id = ? AND muted_until > ? ORDER BY chat_id LIMIT ?");
    s.bind(1, userId).bind(2, now).bind(3, qint64(limit));
    QList<ChatMuteRecord> mutes;
    while (s.step())
        mutes.append(ChatMuteRecord{s.int64(0), s.int64(1)});
    return mutes;
}

qint64 Records::chatMutedUntil(qint64 userId, qint64 chatId) {
    Statement s =
        m_db.prepare("SELECT muted_until FROM chat_mutes WHERE user_id = ? AND chat_id = ?");
    s.bind(1, userId).bind(2, chatId);
    return s.step() ? s.int64(0) : 0;
}

qint64 Records::countMutedChats(qint64 userId, qint64 now) {
    Statement s =
        m_db.prepare("SELECT count(*) FROM chat_mutes WHERE user_id = ? AND muted_until > ?");
    s.bind(1, userId).bind(2, now);
    return s.step() ? s.int64(0) : 0;
}

void Records::setChatMutedUntil(qint64 userId, qint64 chatId, qint64 mutedUntil) {
    Connection &db = writing().db;
    if (mutedUntil <= 0) {
        db.prepare("DELETE FROM chat_mutes WHERE user_id = ? AND chat_id = ?")
            .bind(1, userId)
            .bind(2, chatId)
            .run();
        return;
    }
    db.prepare("INSERT INTO chat_mutes (user_id, chat_id, muted_until) VALUES (?, ?, ?) "
               "ON CONFLICT (user_id, chat_id) DO UPDATE SET muted_until = excluded.muted_until")
        .bind(1, userId)
        .bind(2, chatId)
        .bind(3, mutedUntil)
        .run();
}

void Records::deleteEndedMutes(qint64 userId, qint64 now) {
    writing()
        .db.prepare("DELETE FROM chat_mutes WHERE user_id = ? AND muted_until <= ?")
        .bind(1, userId)
        .bind(2, now)
        .run();
}

} // namespace msgr::server::sqlite
