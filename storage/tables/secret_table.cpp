#include "storage/tables/secret_table.h"

#include "crypto/sodium.h"

namespace msgr::storage {
namespace {

//! A private blob out of SQLite: into guarded memory, the ordinary copy wiped.
crypto::SecureBytes takeSecretBlob(const sql::Statement &stmt, int column) {
    QByteArray bytes = stmt.blob(column);
    return crypto::SecureBytes::takeFrom(bytes);
}

SecretSessionRow sessionFrom(const sql::Statement &stmt) {
    SecretSessionRow row;
    row.chatId = stmt.int64(0);
    row.peerUserId = stmt.int64(1);
    row.peerDeviceId = stmt.int64(2);
    row.peerIdentity = stmt.blob(3);
    row.handshakeKey = stmt.blob(4);
    row.preKeyMessage = stmt.blob(5);
    row.state = takeSecretBlob(stmt, 6);
    row.createdMs = stmt.int64(7);
    return row;
}

#define MSGR_SESSION_COLUMNS                                                                       \
    "SELECT chat_id, peer_user_id, peer_device_id, peer_identity, handshake_key, "                 \
    "pre_key_message, state, created_ms FROM secret_sessions "

} // namespace

std::optional<SecretDeviceKeysRow> SecretTable::deviceKeys(ReadTransaction &tx) {
    auto &stmt = tx.db().cached("SELECT device_id, keys FROM secret_device_keys WHERE id = 1");
    std::optional<SecretDeviceKeysRow> row;
    if (stmt.next())
        row = SecretDeviceKeysRow{stmt.int64(0), takeSecretBlob(stmt, 1)};
    stmt.reset();
    return row;
}

void SecretTable::storeDeviceKeys(WriteTransaction &tx, qint64 deviceId,
                                  const crypto::SecureBytes &keys) {
    // SQLite 3.15 (SQLCipher 3.4) has no upsert: update the same device's row, else replace it.
    auto &update = tx.db().cached("UPDATE secret_device_keys SET keys = ?2 "
                                  "WHERE id = 1 AND device_id = ?1");
    tx.must(update.bind(1, deviceId).bindBlob(2, keys.rawView()).run(), "store secret keys");
    if (tx.db().changes() > 0)
        return;
    auto &replace = tx.db().cached("INSERT OR REPLACE INTO secret_device_keys(id, device_id, keys, "
                                   "last_envelope_id) VALUES (1, ?1, ?2, 0)");
    tx.must(replace.bind(1, deviceId).bindBlob(2, keys.rawView()).run(), "store secret keys");
}

qint64 SecretTable::lastEnvelopeId(ReadTransaction &tx) {
    auto &stmt = tx.db().cached("SELECT last_envelope_id FROM secret_device_keys WHERE id = 1");
    const qint64 id = stmt.next() ? stmt.int64(0) : 0;
    stmt.reset();
    return id;
}

void SecretTable::setLastEnvelopeId(WriteTransaction &tx, qint64 id) {
    tx.must(tx.db()
                .cached("UPDATE secret_device_keys SET last_envelope_id = ?1 WHERE id = 1")
                .bind(1, id)
                .run(),
            "store last envelope id");
}

std::optional<SecretSessionRow> SecretTable::session(ReadTransaction &tx, qint64 chatId) {
    auto &stmt = tx.db().cached(MSGR_SESSION_COLUMNS "WHERE chat_id = ?1");
    stmt.bind(1, chatId);
    std::optional<SecretSessionRow> row;
    if (stmt.next())
        row = sessionFrom(stmt);
    stmt.reset();
    return row;
}

QList<SecretSessionRow> SecretTable::sessionsWith(ReadTransaction &tx, qint64 peerUserId,
                                                  qint64 peerDeviceId) {
    auto &stmt =
        tx.db().cached(MSGR_SESSION_COLUMNS "WHERE peer_user_id = ?1 AND peer_device_id = ?2 "
                                            "ORDER BY chat_id ASC");
    stmt.bind(1, peerUserId).bind(2, peerDeviceId);
    QList<SecretSessionRow> rows;
    while (stmt.next())
        rows.append(sessionFrom(stmt));
    stmt.reset();
    return rows;
}

void SecretTable::storeSession(WriteTransaction &tx, const SecretSessionRow &row) {
    auto &stmt = tx.db().cached(
        "INSERT OR REPLACE INTO secret_sessions(chat_id, peer_user_id, peer_device_id, "
        "peer_identity, handshake_key, pre_key_message, state, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    stmt.bind(1, row.chatId)
        .bind(2, row.peerUserId)
        .bind(3, row.peerDeviceId)
        .bindBlob(4, row.peerIdentity)
        .bindBlob(5, row.handshakeKey);
    if (row.preKeyMessage.isEmpty())
        stmt.bindNull(6);
    else
        stmt.bindBlob(6, row.preKeyMessage);
    tx.must(stmt.bindBlob(7, row.state.rawView()).bind(8, row.createdMs).run(),
            "store secret session");
}

qint64 SecretTable::newChatId(ReadTransaction &tx) {
    // Both tables: a session is stored in the same job as its chat row, but never rely on it.
    return qMin(tx.db().queryInt("SELECT COALESCE(MIN(id), 0) FROM chats WHERE id < 0;", 0),
                tx.db().queryInt("SELECT COALESCE(MIN(chat_id), 0) FROM secret_sessions;", 0)) -
           1;
}

qint64 SecretTable::nextSeq(ReadTransaction &tx, qint64 chatId) {
    auto &stmt = tx.db().cached("SELECT MAX(server_id) FROM messages WHERE chat_id = ?1");
    stmt.bind(1, chatId);
    const qint64 last = stmt.next() ? stmt.int64(0) : 0;
    stmt.reset();
    return last + 1;
}

SecretOutboxRow SecretTable::addOutgoing(WriteTransaction &tx, SecretOutboxRow row) {
    auto &stmt = tx.db().cached(
        "INSERT INTO secret_outbox(chat_id, peer_user_id, peer_device_id, envelope, local_id, "
        "seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    tx.must(stmt.bind(1, row.chatId)
                .bind(2, row.peerUserId)
                .bind(3, row.peerDeviceId)
                .bindBlob(4, row.envelope)
                .bind(5, row.localId)
                .bind(6, row.seq)
                .run(),
            "queue secret envelope");
    row.id = tx.db().lastInsertRowId();
    return row;
}

QList<SecretOutboxRow> SecretTable::outbox(ReadTransaction &tx) {
    auto &stmt = tx.db().cached("SELECT id, chat_id, peer_user_id, peer_device_id, envelope, "
                                "local_id, seq FROM secret_outbox ORDER BY id");
    QList<SecretOutboxRow> rows;
    while (stmt.next())
        rows.append({stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.blob(4),
                     stmt.int64(5), stmt.int64(6)});
    stmt.reset();
    return rows;
}

void SecretTable::removeOutgoing(WriteTransaction &tx, qint64 id) {
    tx.must(tx.db().cached("DELETE FROM secret_outbox WHERE id = ?1").bind(1, id).run(),
            "drop relayed envelope");
}

} // namespace msgr::storage
