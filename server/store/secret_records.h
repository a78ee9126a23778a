#pragma once
//! The records of the secret chats' key directory and relay (docs/protocol.md §12), kept apart
//! from store.h's chat records so the feature reads as one piece. Records only: the limits,
//! the checks of keys and who may fetch or send what are the domain's
//! (server/domain/secret_relay.*). Everything here is public key material or ciphertext: the
//! server never holds a private key or a plaintext.
#include <QByteArray>
#include <QtGlobal>

namespace msgr::server {

//! A device's published keys: the bundle of §10.1 as the device sent it (without a one-time
//! pre-key) and its identity bytes (signing || agreement key), to notice a new identity.
struct SecretDeviceRecord {
    qint64 deviceId = 0;
    qint64 userId = 0;
    QByteArray identity;
    QByteArray bundle;
    qint64 publishedAt = 0;
};

//! A live device of a user with published keys, and its last activity (devices.last_seen_at).
struct SecretDeviceActivity {
    qint64 deviceId = 0;
    qint64 lastSeenAt = 0;
};

struct OneTimePreKeyRecord {
    qint64 keyId = 0; // 32-bit, the device's own numbering
    QByteArray publicKey;
};

//! One queued envelope: opaque bytes for one device.
struct SecretEnvelopeRecord {
    qint64 id = 0; // AUTOINCREMENT: increasing, never reused, even after deletes
    qint64 deviceId = 0;
    qint64 senderUserId = 0;
    qint64 senderDeviceId = 0;
    qint64 createdAt = 0;
    QByteArray body;
};

//! What one device's queue holds.
struct SecretQueueUsage {
    qint64 count = 0;
    qint64 bytes = 0;
};

} // namespace msgr::server
