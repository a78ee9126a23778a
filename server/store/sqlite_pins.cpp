// The pinned_chats records of store.h (schema 3): kept apart from sqlite_records.cpp so the
// pin feature's SQL is in one file. Records only; the rules are server/domain/pins.*.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

QList<qint64> Records::pinnedChats(qint64 userId) {
    Statement s =
        m_db.prepare("SELECT chat_id FROM pinned_chats WHERE user_id = ? ORDER BY position");
    s.bind(1, userId);
    QList<qint64> ids;
    while (s.step())
        ids.append(s.int64(0));
    return ids;
}

void Records::setPinnedChats(qint64 userId, const QList<qint64> &chatIds) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM pinned_chats WHERE user_id = ?").bind(1, userId).run();
    for (qsizetype position = 0; position < chatIds.size(); ++position)
        db.prepare("INSERT INTO pinned_chats (user_id, chat_id, position) VALUES (?, ?, ?)")
            .bind(1, userId)
            .bind(2, chatIds[position])
            .bind(3, qint64(position))
            .run();
}

} // namespace msgr::server::sqlite
