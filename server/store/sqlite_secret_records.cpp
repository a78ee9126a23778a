// The secret-chat records of store.h (secret_records.h) in SQL; a file of their own so the chat
// records in sqlite_records.cpp stay as they are.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

std::optional<SecretDeviceRecord> Records::secretDevice(qint64 deviceId) {
    Statement s = m_db.prepare("SELECT user_id, identity, bundle, published_at FROM "
                               "secret_devices WHERE device_id = ?");
    s.bind(1, deviceId);
    if (!s.step())
        return std::nullopt;
    return SecretDeviceRecord{deviceId, s.int64(0), s.blob(1), s.blob(2), s.int64(3)};
}

QList<SecretDeviceActivity> Records::secretDevicesOf(qint64 userId) {
    Statement s = m_db.prepare(
        "SELECT d.id, d.last_seen_at FROM secret_devices k JOIN devices d ON d.id = k.device_id "
        "WHERE k.user_id = ? AND d.revoked_at IS NULL ORDER BY d.last_seen_at DESC, d.id DESC");
    s.bind(1, userId);
    QList<SecretDeviceActivity> list;
    while (s.step())
        list.append(SecretDeviceActivity{s.int64(0), s.int64(1)});
    return list;
}

qint64 Records::countOneTimePreKeys(qint64 deviceId) {
    Statement s = m_db.prepare("SELECT count(*) FROM secret_one_time_keys WHERE device_id = ?");
    s.bind(1, deviceId);
    return s.step() ? s.int64(0) : 0;
}

bool Records::hasOneTimePreKey(qint64 deviceId, qint64 keyId) {
    Statement s =
        m_db.prepare("SELECT 1 FROM secret_one_time_keys WHERE device_id = ? AND key_id = ?");
    s.bind(1, deviceId).bind(2, keyId);
    return s.step();
}

SecretQueueUsage Records::secretQueueUsage(qint64 deviceId) {
    Statement s = m_db.prepare(
        "SELECT count(*), coalesce(sum(size), 0) FROM secret_envelopes WHERE device_id = ?");
    s.bind(1, deviceId);
    if (!s.step())
        return {};
    return SecretQueueUsage{s.int64(0), s.int64(1)};
}

QList<SecretEnvelopeRecord> Records::secretEnvelopesAfter(qint64 deviceId, qint64 afterId,
                                                          qint64 notBefore, int limit) {
    Statement s = m_db.prepare(
        "SELECT id, sender_user_id, sender_device_id, created_at, body FROM secret_envelopes "
        "WHERE device_id = ? AND id > ? AND created_at >= ? ORDER BY id LIMIT ?");
    s.bind(1, deviceId).bind(2, afterId).bind(3, notBefore).bind(4, qint64(limit));
    QList<SecretEnvelopeRecord> list;
    while (s.step())
        list.append(SecretEnvelopeRecord{s.int64(0), deviceId, s.int64(1), s.int64(2), s.int64(3),
                                         s.blob(4)});
    return list;
}

void Records::putSecretDevice(const SecretDeviceRecord &device) {
    writing()
        .db
        .prepare("INSERT OR REPLACE INTO secret_devices (device_id, user_id, identity, bundle, "
                 "published_at) VALUES (?, ?, ?, ?, ?)")
        .bind(1, device.deviceId)
        .bind(2, device.userId)
        .bind(3, device.identity)
        .bind(4, device.bundle)
        .bind(5, device.publishedAt)
        .run();
}

void Records::insertOneTimePreKey(qint64 deviceId, const OneTimePreKeyRecord &key) {
    writing()
        .db
        .prepare(
            "INSERT INTO secret_one_time_keys (device_id, key_id, public_key) VALUES (?, ?, ?)")
        .bind(1, deviceId)
        .bind(2, key.keyId)
        .bind(3, key.publicKey)
        .run();
}

std::optional<OneTimePreKeyRecord> Records::takeOneTimePreKey(qint64 deviceId) {
    // One statement: the row handed out is the row deleted (RETURNING, SQLite 3.35).
    Statement s = writing().db.prepare(
        "DELETE FROM secret_one_time_keys WHERE device_id = ?1 AND key_id = (SELECT min(key_id) "
        "FROM secret_one_time_keys WHERE device_id = ?1) RETURNING key_id, public_key");
    s.bind(1, deviceId);
    if (!s.step())
        return std::nullopt;
    OneTimePreKeyRecord key{s.int64(0), s.blob(1)};
    while (s.step()) {
    }
    return key;
}

void Records::deleteOneTimePreKeys(qint64 deviceId) {
    writing()
        .db.prepare("DELETE FROM secret_one_time_keys WHERE device_id = ?")
        .bind(1, deviceId)
        .run();
}

qint64 Records::insertSecretEnvelope(const SecretEnvelopeRecord &envelope) {
    writing()
        .db
        .prepare("INSERT INTO secret_envelopes (device_id, sender_user_id, sender_device_id, "
                 "created_at, size, body) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, envelope.deviceId)
        .bind(2, envelope.senderUserId)
        .bind(3, envelope.senderDeviceId)
        .bind(4, envelope.createdAt)
        .bind(5, qint64(envelope.body.size()))
        .bind(6, envelope.body)
        .run();
    return m_db.lastInsertId();
}

qint64 Records::deleteSecretEnvelopesUpTo(qint64 deviceId, qint64 maxId) {
    writing()
        .db.prepare("DELETE FROM secret_envelopes WHERE device_id = ? AND id <= ?")
        .bind(1, deviceId)
        .bind(2, maxId)
        .run();
    return m_db.changes();
}

qint64 Records::deleteSecretEnvelopesBefore(qint64 cutoff) {
    writing().db.prepare("DELETE FROM secret_envelopes WHERE created_at < ?").bind(1, cutoff).run();
    return m_db.changes();
}

void Records::deleteSecretDevice(qint64 deviceId) {
    Connection &db = writing().db;
    db.prepare("DELETE FROM secret_envelopes WHERE device_id = ?").bind(1, deviceId).run();
    db.prepare("DELETE FROM secret_one_time_keys WHERE device_id = ?").bind(1, deviceId).run();
    db.prepare("DELETE FROM secret_devices WHERE device_id = ?").bind(1, deviceId).run();
}

} // namespace msgr::server::sqlite
