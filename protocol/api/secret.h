#pragma once
//! secret.* of docs/protocol.md §12: the key directory and the ciphertext relay of the secret
//! chats. A device publishes its public identity and signed pre-key (the bundle of §10.1
//! without a one-time pre-key) and a pool of one-time pre-keys; a peer lists a user's devices,
//! fetches one device's bundle (with one one-time pre-key, handed out once) and sends opaque
//! envelopes to that device's queue, which the device fetches and acknowledges. The server
//! never sees a plaintext or a private key: envelopes are bytes it stores and forwards.
//! Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QList>
#include <optional>

namespace msgr::protocol::api {

//! A published bundle (the CBOR of §10.1, without `opk`): crypto::secret::kMaxBundleBytes.
inline constexpr qsizetype kMaxPublishedBundleBytes = 1024;
//! An X25519 public key.
inline constexpr qsizetype kSecretPublicKeyBytes = 32;
//! One-time pre-keys in one upload, and held for one device at most (a client uploads a pool
//! of 100 and refills it below 20: crypto::secret::kOneTimePreKeyPoolSize).
inline constexpr int kMaxPreKeysPerUpload = 100;
inline constexpr int kMaxHeldOneTimePreKeys = 100;
//! One envelope: the longest pre-key message of §10.2 (66,105 bytes) fits, with room.
inline constexpr qsizetype kMaxSecretEnvelopeBytes = 68 * 1024;
//! Envelopes in one secret.getQueue answer at most (also cut to fit one frame).
inline constexpr int kMaxSecretQueuePage = 100;
//! Pre-key ids are 32-bit (§10.1).
inline constexpr qint64 kMaxPreKeyId = 0xFFFFFFFFLL;

//! How many one-time pre-keys the server holds for the caller's device after the call: the
//! client refills its pool from this.
struct SecretKeysResult {
    qint64 oneTimePreKeys = 0;
    QCborMap toCbor() const;
    static std::optional<SecretKeysResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SecretKeysResult &, const SecretKeysResult &) = default;
};

//! Publishes (or replaces) the caller's device's public identity and signed pre-key. The server
//! decodes the bundle strictly, refuses one carrying a one-time pre-key (BAD_REQUEST) and checks
//! both signatures and the signed pre-key's age (KEY_INVALID). A new identity drops the
//! one-time pre-keys held for the old one.
struct PublishSecretKeys {
    using Result = SecretKeysResult;
    static constexpr QLatin1StringView method = protocol::method::SecretPublishKeys;
    QByteArray bundle; // 1..kMaxPublishedBundleBytes

    QCborMap toCbor() const;
    static Decoded<PublishSecretKeys> decode(const QCborValue &args);
    friend bool operator==(const PublishSecretKeys &, const PublishSecretKeys &) = default;
};

//! One one-time pre-key's public half, as uploaded.
struct SecretPreKey {
    qint64 id = 0; // 0..kMaxPreKeyId
    QByteArray publicKey;
    QCborMap toCbor() const;
    friend bool operator==(const SecretPreKey &, const SecretPreKey &) = default;
};

//! Adds one-time pre-keys to the caller's device's pool (after secret.publishKeys, else
//! BAD_REQUEST). An id already held is skipped, so a retry is harmless; a pool that would pass
//! kMaxHeldOneTimePreKeys is refused whole (LIMIT_EXCEEDED).
struct UploadSecretPreKeys {
    using Result = SecretKeysResult;
    static constexpr QLatin1StringView method = protocol::method::SecretUploadPreKeys;
    QList<SecretPreKey> preKeys; // 1..kMaxPreKeysPerUpload, distinct ids

    QCborMap toCbor() const;
    static Decoded<UploadSecretPreKeys> decode(const QCborValue &args);
    friend bool operator==(const UploadSecretPreKeys &, const UploadSecretPreKeys &) = default;
};

//! A device that published keys, and when it was last active (what Telegram picks by).
struct SecretDeviceInfo {
    qint64 deviceId = 0;
    qint64 lastActiveAt = 0;
    QCborMap toCbor() const;
    static std::optional<SecretDeviceInfo> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SecretDeviceInfo &, const SecretDeviceInfo &) = default;
};

struct SecretDevicesResult {
    QList<SecretDeviceInfo> devices; // most recently active first
    QCborMap toCbor() const;
    static std::optional<SecretDevicesResult> fromCbor(const QCborMap &map,
                                                       QString *error = nullptr);
    friend bool operator==(const SecretDevicesResult &, const SecretDevicesResult &) = default;
};

//! The user's live devices that published keys. NOT_FOUND for no such user.
struct ListSecretDevices {
    using Result = SecretDevicesResult;
    static constexpr QLatin1StringView method = protocol::method::SecretListDevices;
    qint64 userId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<ListSecretDevices> decode(const QCborValue &args);
    friend bool operator==(const ListSecretDevices &, const ListSecretDevices &) = default;
};

struct SecretBundleResult {
    QByteArray bundle; // the CBOR bundle of §10.1, with `opk` while the device had one left
    QCborMap toCbor() const;
    static std::optional<SecretBundleResult> fromCbor(const QCborMap &map,
                                                      QString *error = nullptr);
    friend bool operator==(const SecretBundleResult &, const SecretBundleResult &) = default;
};

//! One device's bundle, with one of its one-time pre-keys, which is deleted in the same
//! transaction (never handed out twice). Rate-limited per caller and per device (FLOOD_WAIT):
//! every call drains the pool. NOT_FOUND unless the device is a live device of that user with
//! published keys.
struct GetSecretBundle {
    using Result = SecretBundleResult;
    static constexpr QLatin1StringView method = protocol::method::SecretGetBundle;
    qint64 userId = 0;   // ≥ 1
    qint64 deviceId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<GetSecretBundle> decode(const QCborValue &args);
    friend bool operator==(const GetSecretBundle &, const GetSecretBundle &) = default;
};

struct SecretSentResult {
    qint64 id = 0; // the envelope's id in the recipient's queue
    QCborMap toCbor() const;
    static std::optional<SecretSentResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SecretSentResult &, const SecretSentResult &) = default;
};

//! Queues an opaque envelope (a pre-key message or a ratchet message, §10) for one device of a
//! user; pushed at once when that device is online. NOT_FOUND as for GetSecretBundle;
//! LIMIT_EXCEEDED when the device's queue is full (in count or bytes).
struct SendSecretEnvelope {
    using Result = SecretSentResult;
    static constexpr QLatin1StringView method = protocol::method::SecretSend;
    qint64 userId = 0;   // ≥ 1
    qint64 deviceId = 0; // ≥ 1
    QByteArray envelope; // 1..kMaxSecretEnvelopeBytes

    QCborMap toCbor() const;
    static Decoded<SendSecretEnvelope> decode(const QCborValue &args);
    friend bool operator==(const SendSecretEnvelope &, const SendSecretEnvelope &) = default;
};

//! One queued envelope as its recipient device receives it.
struct SecretEnvelope {
    qint64 id = 0; // increasing per queue, never reused
    qint64 fromUserId = 0;
    qint64 fromDeviceId = 0;
    qint64 date = 0; // when the server queued it
    QByteArray envelope;
    QCborMap toCbor() const;
    static std::optional<SecretEnvelope> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SecretEnvelope &, const SecretEnvelope &) = default;
};

struct SecretQueueResult {
    QList<SecretEnvelope> envelopes; // ascending by id
    bool final = true;               // false: more wait after the last one
    QCborMap toCbor() const;
    static std::optional<SecretQueueResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SecretQueueResult &, const SecretQueueResult &) = default;
};

//! The caller's device's queued envelopes with id > afterId, oldest first.
struct GetSecretQueue {
    using Result = SecretQueueResult;
    static constexpr QLatin1StringView method = protocol::method::SecretGetQueue;
    qint64 afterId = 0;              // ≥ 0, default 0
    int limit = kMaxSecretQueuePage; // 1..kMaxSecretQueuePage, default kMaxSecretQueuePage

    QCborMap toCbor() const;
    static Decoded<GetSecretQueue> decode(const QCborValue &args);
    friend bool operator==(const GetSecretQueue &, const GetSecretQueue &) = default;
};

//! Deletes the caller's device's envelopes with id <= maxId (acknowledged: stored by the
//! device). Acknowledging again changes nothing.
struct AckSecretQueue {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::SecretAck;
    qint64 maxId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<AckSecretQueue> decode(const QCborValue &args);
    friend bool operator==(const AckSecretQueue &, const AckSecretQueue &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! Pushed (an `upd` frame without pts) to the recipient device's live connections when an
//! envelope is queued for it. Not part of any update log: the queue is the record, and
//! secret.getQueue after a reconnect finds what was missed.
struct SecretEnvelopeUpdate {
    static constexpr QLatin1StringView type{"secretEnvelope"};
    api::SecretEnvelope envelope;
    QCborMap fields() const;
    static std::optional<SecretEnvelopeUpdate> fromFields(const QCborMap &map, QString *error);
    //! The whole `u` map of the push (`type` and the fields).
    QCborMap toCbor() const;
    friend bool operator==(const SecretEnvelopeUpdate &, const SecretEnvelopeUpdate &) = default;
};

} // namespace msgr::protocol
