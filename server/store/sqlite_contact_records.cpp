// The profile, contact, invitation and block records of store.h (schema 8): kept apart from
// sqlite_records.cpp so the feature's SQL is in one file. Records only; the rules are
// server/domain/contacts.*, profiles.* and blocking.*.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

namespace {

//! Columns from_id, to_id, state, created_at, decided_at.
InviteRecord inviteFromRow(const Statement &row) {
    return InviteRecord{row.int64(0), row.int64(1), static_cast<InviteState>(row.int64(2)),
                        row.int64(3), row.int64(4)};
}

qint64 count(Connection &db, const char *sql, qint64 id) {
    Statement s = db.prepare(sql);
    s.bind(1, id);
    return s.step() ? s.int64(0) : 0;
}

} // namespace

std::optional<ProfileRecord> Records::profile(qint64 userId) {
    // Last seen: the latest activity of any device (revoked ones too: they were the user),
    // or the sign-up when no device ever was active.
    Statement s =
        m_db.prepare("SELECT u.id, u.username, u.display_name, u.about, u.last_seen_privacy, "
                     "max(u.created_at, coalesce((SELECT max(d.last_seen_at) FROM devices d "
                     "WHERE d.user_id = u.id), 0)) FROM users u WHERE u.id = ?");
    s.bind(1, userId);
    if (!s.step())
        return std::nullopt;
    return ProfileRecord{protocol::User{s.int64(0), s.text(1), s.text(2)}, s.text(3),
                         static_cast<int>(s.int64(4)), s.int64(5)};
}

std::optional<qint64> Records::contactSince(qint64 userId, qint64 contactId) {
    Statement s = m_db.prepare("SELECT since FROM contacts WHERE user_id = ? AND contact_id = ?");
    s.bind(1, userId).bind(2, contactId);
    if (!s.step())
        return std::nullopt;
    return s.int64(0);
}

qint64 Records::countContacts(qint64 userId) {
    return count(m_db, "SELECT count(*) FROM contacts WHERE user_id = ?", userId);
}

QList<ContactRow> Records::contactsAfter(qint64 userId, qint64 afterUserId, int limit) {
    Statement s = m_db.prepare("SELECT contact_id, since FROM contacts WHERE user_id = ? AND "
                               "contact_id > ? ORDER BY contact_id LIMIT ?");
    s.bind(1, userId).bind(2, afterUserId).bind(3, qint64(limit));
    QList<ContactRow> rows;
    while (s.step())
        rows.append(ContactRow{s.int64(0), s.int64(1)});
    return rows;
}

std::optional<InviteRecord> Records::invite(qint64 fromId, qint64 toId) {
    Statement s = m_db.prepare("SELECT from_id, to_id, state, created_at, decided_at FROM "
                               "contact_invites WHERE from_id = ? AND to_id = ?");
    s.bind(1, fromId).bind(2, toId);
    if (!s.step())
        return std::nullopt;
    return inviteFromRow(s);
}

qint64 Records::countPendingInvitesFrom(qint64 fromId) {
    return count(m_db, "SELECT count(*) FROM contact_invites WHERE from_id = ? AND state = 0",
                 fromId);
}

qint64 Records::countPendingInvitesTo(qint64 toId) {
    return count(m_db, "SELECT count(*) FROM contact_invites WHERE to_id = ? AND state = 0", toId);
}

QList<InviteRecord> Records::pendingInvitesTo(qint64 toId, qint64 afterUserId, int limit) {
    Statement s =
        m_db.prepare("SELECT from_id, to_id, state, created_at, decided_at FROM contact_invites "
                     "WHERE to_id = ? AND state = 0 AND from_id > ? ORDER BY from_id LIMIT ?");
    s.bind(1, toId).bind(2, afterUserId).bind(3, qint64(limit));
    QList<InviteRecord> rows;
    while (s.step())
        rows.append(inviteFromRow(s));
    return rows;
}

QList<InviteRecord> Records::openInvitesFrom(qint64 fromId, qint64 afterUserId, int limit) {
    Statement s =
        m_db.prepare("SELECT from_id, to_id, state, created_at, decided_at FROM contact_invites "
                     "WHERE from_id = ? AND state IN (0, 1) AND to_id > ? ORDER BY to_id LIMIT ?");
    s.bind(1, fromId).bind(2, afterUserId).bind(3, qint64(limit));
    QList<InviteRecord> rows;
    while (s.step())
        rows.append(inviteFromRow(s));
    return rows;
}

bool Records::isBlocked(qint64 userId, qint64 blockedId) {
    // Every private message asks this twice: the writer remembers the answer until
    // insertBlock/deleteBlock changes that pair (writer_memory.h).
    if (m_context) {
        if (const std::optional<bool> cached = m_context->memory.facts.blocked(userId, blockedId))
            return *cached;
    }
    Statement s = m_db.prepare("SELECT 1 FROM blocks WHERE user_id = ? AND blocked_id = ?");
    s.bind(1, userId).bind(2, blockedId);
    const bool blocked = s.step();
    if (m_context)
        m_context->memory.facts.putBlocked(userId, blockedId, blocked);
    return blocked;
}

qint64 Records::countBlocked(qint64 userId) {
    return count(m_db, "SELECT count(*) FROM blocks WHERE user_id = ?", userId);
}

QList<qint64> Records::blockedAfter(qint64 userId, qint64 afterUserId, int limit) {
    Statement s = m_db.prepare("SELECT blocked_id FROM blocks WHERE user_id = ? AND "
                               "blocked_id > ? ORDER BY blocked_id LIMIT ?");
    s.bind(1, userId).bind(2, afterUserId).bind(3, qint64(limit));
    QList<qint64> ids;
    while (s.step())
        ids.append(s.int64(0));
    return ids;
}

void Records::setUsername(qint64 userId, const QString &username) {
    writing()
        .db.prepare("UPDATE users SET username = ? WHERE id = ?")
        .bind(1, username)
        .bind(2, userId)
        .run();
}

void Records::setProfileFields(qint64 userId, const QString &displayName, const QString &about,
                               int lastSeenPrivacy) {
    writing()
        .db
        .prepare("UPDATE users SET display_name = ?, about = ?, last_seen_privacy = ? "
                 "WHERE id = ?")
        .bind(1, displayName)
        .bind(2, about)
        .bind(3, qint64(lastSeenPrivacy))
        .bind(4, userId)
        .run();
}

void Records::insertContact(qint64 userId, qint64 contactId, qint64 since) {
    writing()
        .db.prepare("INSERT OR REPLACE INTO contacts (user_id, contact_id, since) VALUES (?, ?, ?)")
        .bind(1, userId)
        .bind(2, contactId)
        .bind(3, since)
        .run();
}

bool Records::deleteContact(qint64 userId, qint64 contactId) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM contacts WHERE user_id = ? AND contact_id = ?")
        .bind(1, userId)
        .bind(2, contactId)
        .run();
    return db.changes() > 0;
}

void Records::putInvite(const InviteRecord &invite) {
    writing()
        .db
        .prepare("INSERT OR REPLACE INTO contact_invites (from_id, to_id, state, created_at, "
                 "decided_at) VALUES (?, ?, ?, ?, ?)")
        .bind(1, invite.fromId)
        .bind(2, invite.toId)
        .bind(3, qint64(invite.state))
        .bind(4, invite.createdAt)
        .bind(5, invite.decidedAt)
        .run();
}

bool Records::deleteInvite(qint64 fromId, qint64 toId) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM contact_invites WHERE from_id = ? AND to_id = ?")
        .bind(1, fromId)
        .bind(2, toId)
        .run();
    return db.changes() > 0;
}

void Records::insertBlock(qint64 userId, qint64 blockedId, qint64 now) {
    writing().memory.facts.forgetBlocked(userId, blockedId);
    m_db.prepare("INSERT OR IGNORE INTO blocks (user_id, blocked_id, created_at) VALUES (?, ?, ?)")
        .bind(1, userId)
        .bind(2, blockedId)
        .bind(3, now)
        .run();
}

bool Records::deleteBlock(qint64 userId, qint64 blockedId) {
    WriteContext &context = writing();
    context.memory.facts.forgetBlocked(userId, blockedId);
    Connection &db = context.db;
    db.prepare("DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?")
        .bind(1, userId)
        .bind(2, blockedId)
        .run();
    return db.changes() > 0;
}

} // namespace msgr::server::sqlite
