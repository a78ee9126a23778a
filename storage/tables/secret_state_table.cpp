#include "storage/tables/secret_state_table.h"

namespace msgr::storage {
namespace {

SecretTimerRow timerFrom(const sql::Statement &stmt) {
    return {stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.int64(4)};
}

QList<SecretTimerRow> timersFrom(sql::Statement &stmt) {
    QList<SecretTimerRow> rows;
    while (stmt.next())
        rows.append(timerFrom(stmt));
    stmt.reset();
    return rows;
}

#define MSGR_TIMER_COLUMNS                                                                         \
    "SELECT t.local_id, t.chat_id, t.ttl_ms, t.peer_seq, COALESCE(t.expires_at, 0) "               \
    "FROM secret_timers t "

} // namespace

std::optional<QByteArray> SecretStateTable::acceptedIdentity(ReadTransaction &tx, qint64 peerUserId,
                                                             qint64 peerDeviceId) {
    auto &stmt = tx.db().cached("SELECT identity FROM secret_peer_identities "
                                "WHERE peer_user_id = ?1 AND peer_device_id = ?2");
    stmt.bind(1, peerUserId).bind(2, peerDeviceId);
    std::optional<QByteArray> identity;
    if (stmt.next())
        identity = stmt.blob(0);
    stmt.reset();
    return identity;
}

void SecretStateTable::acceptIdentity(WriteTransaction &tx, qint64 peerUserId, qint64 peerDeviceId,
                                      const QByteArray &identity) {
    auto &stmt = tx.db().cached("INSERT OR REPLACE INTO secret_peer_identities(peer_user_id, "
                                "peer_device_id, identity) VALUES (?1, ?2, ?3)");
    tx.must(stmt.bind(1, peerUserId).bind(2, peerDeviceId).bindBlob(3, identity).run(),
            "store accepted identity");
}

SecretChatState SecretStateTable::chatState(ReadTransaction &tx, qint64 chatId) {
    auto &stmt =
        tx.db().cached("SELECT key_changed, ttl_ms FROM secret_chat_state WHERE chat_id = ?1");
    stmt.bind(1, chatId);
    SecretChatState state;
    if (stmt.next())
        state = {stmt.int64(0) != 0, stmt.int64(1)};
    stmt.reset();
    return state;
}

void SecretStateTable::setKeyChanged(WriteTransaction &tx, qint64 chatId, bool changed) {
    tx.must(tx.db()
                .cached("INSERT OR IGNORE INTO secret_chat_state(chat_id) VALUES (?1)")
                .bind(1, chatId)
                .run(),
            "add secret chat state");
    tx.must(tx.db()
                .cached("UPDATE secret_chat_state SET key_changed = ?2 WHERE chat_id = ?1")
                .bind(1, chatId)
                .bind(2, changed ? 1 : 0)
                .run(),
            "store key change");
}

void SecretStateTable::setTtl(WriteTransaction &tx, qint64 chatId, qint64 ttlMs) {
    tx.must(tx.db()
                .cached("INSERT OR IGNORE INTO secret_chat_state(chat_id) VALUES (?1)")
                .bind(1, chatId)
                .run(),
            "add secret chat state");
    tx.must(tx.db()
                .cached("UPDATE secret_chat_state SET ttl_ms = ?2 WHERE chat_id = ?1")
                .bind(1, chatId)
                .bind(2, ttlMs)
                .run(),
            "store timer");
}

QList<qint64> SecretStateTable::chatsWithChangedKey(ReadTransaction &tx) {
    auto &stmt = tx.db().cached("SELECT chat_id FROM secret_chat_state WHERE key_changed != 0");
    QList<qint64> ids;
    while (stmt.next())
        ids.append(stmt.int64(0));
    stmt.reset();
    return ids;
}

void SecretStateTable::addServiceEntry(WriteTransaction &tx, qint64 localId, qint64 chatId,
                                       SecretServiceKind kind, qint64 value) {
    auto &stmt = tx.db().cached("INSERT INTO secret_service_entries(local_id, chat_id, kind, "
                                "value) VALUES (?1, ?2, ?3, ?4)");
    tx.must(stmt.bind(1, localId).bind(2, chatId).bind(3, int(kind)).bind(4, value).run(),
            "store service entry");
}

void SecretStateTable::addTimer(WriteTransaction &tx, const SecretTimerRow &row) {
    auto &stmt = tx.db().cached("INSERT INTO secret_timers(local_id, chat_id, ttl_ms, peer_seq, "
                                "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    stmt.bind(1, row.localId).bind(2, row.chatId).bind(3, row.ttlMs).bind(4, row.peerSeq);
    if (row.expiresAt)
        stmt.bind(5, row.expiresAt);
    else
        stmt.bindNull(5);
    tx.must(stmt.run(), "store timer");
}

std::optional<SecretTimerRow> SecretStateTable::timer(ReadTransaction &tx, qint64 localId) {
    auto &stmt = tx.db().cached(MSGR_TIMER_COLUMNS "WHERE t.local_id = ?1");
    stmt.bind(1, localId);
    std::optional<SecretTimerRow> row;
    if (stmt.next())
        row = timerFrom(stmt);
    stmt.reset();
    return row;
}

QList<SecretTimerRow> SecretStateTable::unreadTimersUpTo(ReadTransaction &tx, qint64 chatId,
                                                         qint64 maxSeq) {
    auto &stmt = tx.db().cached(MSGR_TIMER_COLUMNS
                                "JOIN messages m ON m.local_id = t.local_id "
                                "WHERE t.chat_id = ?1 AND t.expires_at IS NULL "
                                "AND t.peer_seq > 0 AND m.server_id <= ?2 ORDER BY m.server_id");
    stmt.bind(1, chatId).bind(2, maxSeq);
    return timersFrom(stmt);
}

std::optional<SecretTimerRow> SecretStateTable::outgoingTimer(ReadTransaction &tx, qint64 chatId,
                                                              qint64 seq) {
    auto &stmt = tx.db().cached(MSGR_TIMER_COLUMNS
                                "JOIN messages m ON m.local_id = t.local_id "
                                "WHERE t.chat_id = ?1 AND m.server_id = ?2 AND t.peer_seq = 0");
    stmt.bind(1, chatId).bind(2, seq);
    std::optional<SecretTimerRow> row;
    if (stmt.next())
        row = timerFrom(stmt);
    stmt.reset();
    return row;
}

void SecretStateTable::startTimer(WriteTransaction &tx, qint64 localId, qint64 expiresAt) {
    tx.must(tx.db()
                .cached("UPDATE secret_timers SET expires_at = ?2 WHERE local_id = ?1 "
                        "AND expires_at IS NULL")
                .bind(1, localId)
                .bind(2, expiresAt)
                .run(),
            "start timer");
}

QList<SecretTimerRow> SecretStateTable::expiredTimers(ReadTransaction &tx, qint64 nowMs) {
    auto &stmt = tx.db().cached(MSGR_TIMER_COLUMNS "WHERE t.expires_at IS NOT NULL AND "
                                                   "t.expires_at <= ?1 ORDER BY t.expires_at");
    stmt.bind(1, nowMs);
    return timersFrom(stmt);
}

qint64 SecretStateTable::nextExpiry(ReadTransaction &tx) {
    return tx.db().queryInt("SELECT COALESCE(MIN(expires_at), 0) FROM secret_timers "
                            "WHERE expires_at IS NOT NULL;",
                            0);
}

void SecretStateTable::removeTimer(WriteTransaction &tx, qint64 localId) {
    tx.must(tx.db().cached("DELETE FROM secret_timers WHERE local_id = ?1").bind(1, localId).run(),
            "remove timer");
}

void SecretStateTable::deleteExpiredMessage(WriteTransaction &tx, qint64 localId) {
    tx.indexQueuedTexts(); // a text queued in this job must not be indexed after its row is gone
    tx.must(tx.db().cached("DELETE FROM messages WHERE local_id = ?1").bind(1, localId).run(),
            "delete expired message");
    tx.must(tx.db()
                .cached("DELETE FROM secret_service_entries WHERE local_id = ?1")
                .bind(1, localId)
                .run(),
            "delete expired service entry");
    removeTimer(tx, localId);
}

} // namespace msgr::storage
