// The group invite link and read mark records of store.h (schema 16 and 17): kept apart from
// sqlite_records.cpp so these features' SQL is in one file. Records only; the rules are
// server/domain/group_invites.* and server/domain/read_list.*.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

namespace {
GroupInviteRecord inviteFrom(const Statement &s) {
    return GroupInviteRecord{s.int64(0), s.blob(1), s.int64(2), s.int64(3)};
}
} // namespace

std::optional<GroupInviteRecord> Records::groupInviteByTokenHash(const QByteArray &tokenHash) {
    Statement s = m_db.prepare("SELECT chat_id, token_hash, created_by, created_at "
                               "FROM group_invites WHERE token_hash = ?");
    s.bind(1, tokenHash);
    if (!s.step())
        return std::nullopt;
    return inviteFrom(s);
}

std::optional<GroupInviteRecord> Records::groupInvite(qint64 chatId) {
    Statement s = m_db.prepare("SELECT chat_id, token_hash, created_by, created_at "
                               "FROM group_invites WHERE chat_id = ?");
    s.bind(1, chatId);
    if (!s.step())
        return std::nullopt;
    return inviteFrom(s);
}

QList<ReadMarkTime> Records::readMarkTimes(qint64 chatId, ReadMarkKind kind, qint64 messageId) {
    // Positions only move forward, so a member's marks have disjoint ranges: at most one holds
    // the message. When it was trimmed away, the member is left out (the time is not known).
    Statement s = m_db.prepare("SELECT user_id, at FROM read_marks WHERE chat_id = ? AND kind = ? "
                               "AND max_id >= ? AND from_id < ? ORDER BY user_id");
    s.bind(1, chatId).bind(2, static_cast<qint64>(kind)).bind(3, messageId).bind(4, messageId);
    QList<ReadMarkTime> times;
    while (s.step())
        times.append(ReadMarkTime{s.int64(0), s.int64(1)});
    return times;
}

void Records::putGroupInvite(const GroupInviteRecord &invite) {
    writing()
        .db
        .prepare("INSERT OR REPLACE INTO group_invites (chat_id, token_hash, created_by, "
                 "created_at) VALUES (?, ?, ?, ?)")
        .bind(1, invite.chatId)
        .bind(2, invite.tokenHash)
        .bind(3, invite.createdBy)
        .bind(4, invite.createdAt)
        .run();
}

bool Records::deleteGroupInvite(qint64 chatId) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM group_invites WHERE chat_id = ?").bind(1, chatId).run();
    return db.changes() > 0;
}

void Records::insertReadMark(qint64 chatId, qint64 userId, ReadMarkKind kind, qint64 fromId,
                             qint64 maxId, qint64 at, int keep) {
    Connection &db = writing().db;
    db.prepare("INSERT OR IGNORE INTO read_marks (chat_id, kind, user_id, from_id, max_id, at) "
               "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, chatId)
        .bind(2, static_cast<qint64>(kind))
        .bind(3, userId)
        .bind(4, fromId)
        .bind(5, maxId)
        .bind(6, at)
        .run();
    // Only the newest `keep` marks stay: the oldest goes once there is one too many, so each
    // move costs at most one insert and one delete.
    db.prepare("DELETE FROM read_marks WHERE chat_id = ? AND kind = ? AND user_id = ? AND "
               "max_id <= (SELECT max_id FROM read_marks WHERE chat_id = ? AND kind = ? AND "
               "user_id = ? ORDER BY max_id DESC LIMIT 1 OFFSET ?)")
        .bind(1, chatId)
        .bind(2, static_cast<qint64>(kind))
        .bind(3, userId)
        .bind(4, chatId)
        .bind(5, static_cast<qint64>(kind))
        .bind(6, userId)
        .bind(7, static_cast<qint64>(keep))
        .run();
}

} // namespace msgr::server::sqlite
