#include "server/domain/secret_relay.h"

#include "crypto/secret/pre_key_bundle.h"
#include "server/domain/units.h"

#include <algorithm>

namespace msgr::server::domain {

namespace {

using protocol::ErrorCode;
namespace secret = crypto::secret;

template <typename T>
StoreResult<Refusable<T>> refuseSecret(ErrorCode code, const QString &message) {
    Refusable<T> r;
    r.refused = SecretRefusal{code, message};
    return r;
}

template <typename T> StoreResult<Refusable<T>> accept(T value) {
    Refusable<T> r;
    r.value = std::move(value);
    return r;
}

//! The device's published keys when it is a live device of `userId`; else nothing (the same
//! answer for no user, no device, another user's device, a revoked one, one without keys).
std::optional<SecretDeviceRecord> liveSecretDevice(RecordReader &records, qint64 userId,
                                                   qint64 deviceId) {
    std::optional<SecretDeviceRecord> device = records.secretDevice(deviceId);
    if (!device || device->userId != userId)
        return std::nullopt;
    const QList<SecretDeviceActivity> live = records.secretDevicesOf(userId);
    const bool isLive = std::any_of(live.begin(), live.end(),
                                    [deviceId](const auto &d) { return d.deviceId == deviceId; });
    return isLive ? device : std::nullopt;
}

} // namespace

void SecretRelay::publishKeys(qint64 userId, qint64 deviceId, const QByteArray &bundle, qint64 now,
                              Done<qint64> done) {
    // Decoded and verified here, before the unit: the writer thread does no signature checks.
    secret::Result<secret::PreKeyBundle> decoded = secret::decodePreKeyBundle(bundle);
    if (!decoded.ok())
        return done(refuseSecret<qint64>(
            ErrorCode::BadRequest, QStringLiteral("the bundle is not a bundle of version 1: %1")
                                       .arg(QLatin1StringView(secretErrorName(decoded.error())))));
    if (decoded->oneTimePreKey)
        return done(refuseSecret<qint64>(
            ErrorCode::BadRequest,
            QStringLiteral("a published bundle carries no one-time pre-key (upload those apart)")));
    if (const secret::SecretError e = decoded->verify(now); e != secret::SecretError::None)
        return done(refuseSecret<qint64>(ErrorCode::KeyInvalid,
                                         QStringLiteral("the bundle does not verify: %1")
                                             .arg(QLatin1StringView(secretErrorName(e)))));
    const QByteArray identity = decoded->identity.bytes();
    writeUnit<Refusable<qint64>>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<Refusable<qint64>> {
            const QList<protocol::Device> live = records.liveDevices(userId);
            if (std::none_of(live.begin(), live.end(),
                             [deviceId](const auto &d) { return d.id == deviceId; }))
                return StoreError::NotFound;
            const std::optional<SecretDeviceRecord> old = records.secretDevice(deviceId);
            // The one-time pre-keys belong to the identity that uploaded them: a peer must
            // never pair the new identity with a key whose private half is gone.
            if (old && old->identity != identity)
                records.deleteOneTimePreKeys(deviceId);
            records.putSecretDevice(SecretDeviceRecord{deviceId, userId, identity, bundle, now});
            return accept(records.countOneTimePreKeys(deviceId));
        },
        std::move(done));
}

void SecretRelay::uploadPreKeys(qint64 deviceId, const QList<protocol::api::SecretPreKey> &keys,
                                Done<qint64> done) {
    writeUnit<Refusable<qint64>>(
        m_store,
        [=, max = m_limits.maxOneTimePreKeys](
            RecordWriter &records) -> StoreResult<Refusable<qint64>> {
            if (!records.secretDevice(deviceId))
                return refuseSecret<qint64>(ErrorCode::BadRequest,
                                            QStringLiteral("publish the device's keys first"));
            QList<protocol::api::SecretPreKey> fresh;
            for (const auto &key : keys) {
                if (!records.hasOneTimePreKey(deviceId, key.id))
                    fresh.append(key);
            }
            const qint64 held = records.countOneTimePreKeys(deviceId);
            if (held + fresh.size() > max)
                return refuseSecret<qint64>(ErrorCode::LimitExceeded,
                                            QStringLiteral("a device holds at most %1 one-time "
                                                           "pre-keys; it holds %2")
                                                .arg(max)
                                                .arg(held));
            for (const auto &key : fresh)
                records.insertOneTimePreKey(deviceId, OneTimePreKeyRecord{key.id, key.publicKey});
            return accept(held + fresh.size());
        },
        std::move(done));
}

StoreResult<QList<SecretDeviceActivity>> SecretRelay::devices(qint64 userId) {
    return readUnit<QList<SecretDeviceActivity>>(
        m_store, [userId](RecordReader &records) -> StoreResult<QList<SecretDeviceActivity>> {
            if (!records.user(userId))
                return StoreError::NotFound;
            return records.secretDevicesOf(userId);
        });
}

void SecretRelay::takeBundle(qint64 userId, qint64 deviceId,
                             std::function<void(StoreResult<QByteArray>)> done) {
    writeUnit<QByteArray>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<QByteArray> {
            const std::optional<SecretDeviceRecord> device =
                liveSecretDevice(records, userId, deviceId);
            if (!device)
                return StoreError::NotFound;
            secret::Result<secret::PreKeyBundle> bundle =
                secret::decodePreKeyBundle(device->bundle);
            if (!bundle.ok()) // it was decoded when published: the row is damaged
                return StoreError::Internal;
            if (const std::optional<OneTimePreKeyRecord> key = records.takeOneTimePreKey(deviceId))
                bundle->oneTimePreKey =
                    secret::PublicOneTimePreKey{static_cast<quint32>(key->keyId), key->publicKey};
            return secret::encodePreKeyBundle(bundle.value());
        },
        std::move(done));
}

void SecretRelay::send(qint64 senderUserId, qint64 senderDeviceId, qint64 userId, qint64 deviceId,
                       const QByteArray &body, qint64 now, Done<SecretEnvelopeRecord> done) {
    writeUnit<Refusable<SecretEnvelopeRecord>>(
        m_store,
        [=,
         limits = m_limits](RecordWriter &records) -> StoreResult<Refusable<SecretEnvelopeRecord>> {
            // The lazy expiry of every queue: one indexed DELETE that finds nothing most times.
            records.deleteSecretEnvelopesBefore(now - limits.envelopeMaxAgeMs);
            if (!liveSecretDevice(records, userId, deviceId))
                return StoreError::NotFound;
            const SecretQueueUsage usage = records.secretQueueUsage(deviceId);
            if (usage.count + 1 > limits.maxQueuedEnvelopes ||
                usage.bytes + body.size() > limits.maxQueuedBytes)
                return refuseSecret<SecretEnvelopeRecord>(
                    ErrorCode::LimitExceeded,
                    QStringLiteral("the device's queue is full (%1 envelopes, %2 bytes at most)")
                        .arg(limits.maxQueuedEnvelopes)
                        .arg(limits.maxQueuedBytes));
            SecretEnvelopeRecord envelope{0, deviceId, senderUserId, senderDeviceId, now, body};
            envelope.id = records.insertSecretEnvelope(envelope);
            return accept(std::move(envelope));
        },
        std::move(done));
}

StoreResult<QList<SecretEnvelopeRecord>> SecretRelay::queue(qint64 deviceId, qint64 afterId,
                                                            int limit, qint64 now) {
    return readUnit<QList<SecretEnvelopeRecord>>(
        m_store, [&](RecordReader &records) -> StoreResult<QList<SecretEnvelopeRecord>> {
            return records.secretEnvelopesAfter(deviceId, afterId, now - m_limits.envelopeMaxAgeMs,
                                                limit);
        });
}

void SecretRelay::ack(qint64 deviceId, qint64 maxId,
                      std::function<void(StoreResult<qint64>)> done) {
    writeUnit<qint64>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<qint64> {
            return records.deleteSecretEnvelopesUpTo(deviceId, maxId);
        },
        std::move(done));
}

void SecretRelay::forgetDevice(RecordWriter &records, qint64 deviceId) {
    records.deleteSecretDevice(deviceId);
}

} // namespace msgr::server::domain
