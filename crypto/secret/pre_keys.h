#pragma once
//! The pre-keys a device publishes so a secret chat can start while it is offline: one signed
//! pre-key (rotated every kSignedPreKeyRotationMs) and a pool of one-time pre-keys (each handed
//! out once by the server, its private half deleted once used). Thread-safe (values).
#include "crypto/secret/device_identity.h"

#include <QByteArray>
#include <optional>
#include <vector>

namespace msgr::crypto::secret {

//! Rotation policy of the signed pre-key: a new one every week; the replaced one's private key
//! is kept kSignedPreKeyGraceMs more for handshakes already under way, then deleted; an
//! initiator refuses one older than kMaxSignedPreKeyAgeMs (a device that stopped rotating), or
//! one dated more than kMaxClockSkewMs in its future.
inline constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
inline constexpr qint64 kSignedPreKeyRotationMs = 7 * kDayMs;
inline constexpr qint64 kSignedPreKeyGraceMs = 14 * kDayMs;
inline constexpr qint64 kMaxSignedPreKeyAgeMs = 30 * kDayMs;
inline constexpr qint64 kMaxClockSkewMs = kDayMs;
//! One-time pre-keys: the pool uploaded at first, and the level below which it is refilled.
inline constexpr int kOneTimePreKeyPoolSize = 100;
inline constexpr int kOneTimePreKeyRefillBelow = 20;

struct PublicSignedPreKey {
    quint32 id = 0;
    qint64 createdAtMs = 0; // milliseconds since the Unix epoch, UTC
    QByteArray publicKey;   // X25519, 32 bytes
    QByteArray signature;   // Ed25519 of the identity over signedPreKeyMessage()
    friend bool operator==(const PublicSignedPreKey &, const PublicSignedPreKey &) = default;
};

//! label || id (4 bytes, big-endian) || createdAtMs (8 bytes, big-endian) || publicKey.
QByteArray signedPreKeyMessage(quint32 id, qint64 createdAtMs, QByteArrayView publicKey);

//! None, Malformed, BadSignature (not signed by `signer`) or StaleSignedPreKey (outside the
//! age window at `nowMs`).
SecretError verifySignedPreKey(const PublicSignedPreKey &key, QByteArrayView signerKey,
                               qint64 nowMs);

struct SignedPreKey {
    quint32 id = 0;
    qint64 createdAtMs = 0;
    X25519KeyPair keyPair;
    QByteArray signature;

    static SignedPreKey create(const DeviceIdentity &identity, quint32 id, qint64 createdAtMs,
                               X25519KeyPair keyPair = X25519KeyPair::generate());
    PublicSignedPreKey publicKey() const { return {id, createdAtMs, keyPair.publicKey, signature}; }
    //! Whether the policy above asks for a new one at `nowMs`.
    bool dueForRotation(qint64 nowMs) const {
        return nowMs - createdAtMs >= kSignedPreKeyRotationMs;
    }
};

struct PublicOneTimePreKey {
    quint32 id = 0;
    QByteArray publicKey; // X25519, 32 bytes
    friend bool operator==(const PublicOneTimePreKey &, const PublicOneTimePreKey &) = default;
};

struct OneTimePreKey {
    quint32 id = 0;
    X25519KeyPair keyPair;
    PublicOneTimePreKey publicKey() const { return {id, keyPair.publicKey}; }
};

//! The private halves of the one-time pre-keys not used yet. Ids grow and are never reused, so
//! a stale id (a key already used) is refused rather than matched to a new key.
class OneTimePreKeyPool {
public:
    //! Adds `count` fresh keys; returns their public halves, to upload.
    std::vector<PublicOneTimePreKey> generate(int count);
    //! Removes and returns the key of `id` (its private half leaves the pool for good).
    std::optional<OneTimePreKey> take(quint32 id);
    const OneTimePreKey *find(quint32 id) const;
    qsizetype size() const { return static_cast<qsizetype>(m_keys.size()); }
    bool needsRefill() const { return size() < kOneTimePreKeyRefillBelow; }

    //! For the stored form (device_keys_codec.h): the keys, and the id the next one gets.
    const std::vector<OneTimePreKey> &keys() const { return m_keys; }
    quint32 nextId() const { return m_nextId; }
    static OneTimePreKeyPool restore(std::vector<OneTimePreKey> keys, quint32 nextId) {
        OneTimePreKeyPool pool;
        pool.m_keys = std::move(keys);
        pool.m_nextId = nextId;
        return pool;
    }

private:
    std::vector<OneTimePreKey> m_keys;
    quint32 m_nextId = 1;
};

} // namespace msgr::crypto::secret
