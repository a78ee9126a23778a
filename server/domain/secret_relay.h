#pragma once
//! The secret chats' key directory and ciphertext relay (secret.* of docs/protocol.md §12).
//! A device publishes its public identity and signed pre-key, checked here with
//! msgr_crypto_secret (both signatures, the signed pre-key's age) and uploads a bounded pool of
//! one-time pre-keys; a peer takes one device's bundle (one one-time pre-key, deleted in the
//! same unit, so no two fetches ever get the same one) and queues opaque envelopes for that
//! device, which fetches and acknowledges them (deleted). The server holds public keys and
//! ciphertext only. Envelopes expire after SecretRelayLimits::envelopeMaxAgeMs: every send first
//! deletes the expired ones of every queue (one indexed DELETE), and reads never return them.
//! A revoked device loses its keys and queue (forgetDevice, called by Accounts).
//! Thread-safe; `done` runs on the store's writer thread (see units.h), or at once on the
//! calling thread for a refusal decided before anything is written.
#include "protocol/api/secret.h"
#include "protocol/error_code.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

struct SecretRelayLimits {
    //! One-time pre-keys held per device (a client keeps a pool of 100).
    int maxOneTimePreKeys = protocol::api::kMaxHeldOneTimePreKeys;
    //! Envelopes waiting in one device's queue, in count and in bytes.
    int maxQueuedEnvelopes = 1000;
    qint64 maxQueuedBytes = qint64(16) * 1024 * 1024;
    //! An envelope not acknowledged this long after it was queued is deleted unread.
    qint64 envelopeMaxAgeMs = qint64(30) * 24 * 3600 * 1000;
};

//! Why an operation was refused with nothing written; the handler answers it as is.
struct SecretRefusal {
    protocol::ErrorCode code = protocol::ErrorCode::BadRequest;
    QString message;
};

//! An operation's value, or its typed refusal.
template <typename T> struct Refusable {
    T value{};
    std::optional<SecretRefusal> refused;
};

class SecretRelay {
public:
    explicit SecretRelay(Store &store, SecretRelayLimits limits = {})
        : m_store(store), m_limits(limits) {}

    template <typename T> using Done = std::function<void(StoreResult<Refusable<T>>)>;

    //! Publishes or replaces the device's bundle (the CBOR of §10.1, without a one-time
    //! pre-key). Refused: BAD_REQUEST (not a bundle, or one with a one-time pre-key),
    //! KEY_INVALID (a signature does not verify, or the signed pre-key is stale at `now`).
    //! A new identity drops the one-time pre-keys of the old one. Answers how many one-time
    //! pre-keys the device holds now.
    void publishKeys(qint64 userId, qint64 deviceId, const QByteArray &bundle, qint64 now,
                     Done<qint64> done);
    //! Adds one-time pre-keys (distinct ids; those already held are skipped). Refused:
    //! BAD_REQUEST before publishKeys, LIMIT_EXCEEDED past maxOneTimePreKeys (nothing added).
    void uploadPreKeys(qint64 deviceId, const QList<protocol::api::SecretPreKey> &keys,
                       Done<qint64> done);
    //! The user's live devices with published keys, most recently active first; NotFound for
    //! no such user.
    StoreResult<QList<SecretDeviceActivity>> devices(qint64 userId);
    //! The device's bundle with its lowest one-time pre-key, which is deleted in the same unit;
    //! without one left, the bundle alone. NotFound unless `deviceId` is a live device of
    //! `userId` with published keys.
    void takeBundle(qint64 userId, qint64 deviceId,
                    std::function<void(StoreResult<QByteArray>)> done);
    //! Queues `body` for (userId, deviceId), NotFound as for takeBundle; LIMIT_EXCEEDED when the
    //! queue would pass maxQueuedEnvelopes or maxQueuedBytes. The stored record (with its id)
    //! is what the handler pushes.
    void send(qint64 senderUserId, qint64 senderDeviceId, qint64 userId, qint64 deviceId,
              const QByteArray &body, qint64 now, Done<SecretEnvelopeRecord> done);
    //! Up to `limit` unexpired envelopes of the device with id > afterId, ascending.
    StoreResult<QList<SecretEnvelopeRecord>> queue(qint64 deviceId, qint64 afterId, int limit,
                                                   qint64 now);
    //! Deletes the device's envelopes with id <= maxId; answers how many were deleted.
    void ack(qint64 deviceId, qint64 maxId, std::function<void(StoreResult<qint64>)> done);

    //! Inside another unit: the device's keys, one-time pre-keys and queue are deleted (it was
    //! signed out or revoked).
    static void forgetDevice(RecordWriter &records, qint64 deviceId);

    const SecretRelayLimits &limits() const { return m_limits; }

private:
    Store &m_store;
    const SecretRelayLimits m_limits;
};

} // namespace msgr::server::domain
