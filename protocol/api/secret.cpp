#include "protocol/api/secret.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

#include <QSet>

namespace msgr::protocol::api {
using codec::L;

namespace {
constexpr qint64 kMaxId = std::numeric_limits<qint64>::max();
} // namespace

QCborMap SecretKeysResult::toCbor() const {
    return {{L("oneTimePreKeys"), oneTimePreKeys}};
}

std::optional<SecretKeysResult> SecretKeysResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SecretKeysResult k;
    k.oneTimePreKeys = r.requireInt(L("oneTimePreKeys"), 0, kMaxHeldOneTimePreKeys);
    return codec::finish(r, k, error);
}

QCborMap PublishSecretKeys::toCbor() const {
    return {{L("bundle"), bundle}};
}

Decoded<PublishSecretKeys> PublishSecretKeys::decode(const QCborValue &args) {
    return codec::decodeWith<PublishSecretKeys>(args, [](MapReader &r, PublishSecretKeys &v) {
        v.bundle = r.requireBytes(L("bundle"), 1, kMaxPublishedBundleBytes);
    });
}

QCborMap SecretPreKey::toCbor() const {
    return {{L("id"), id}, {L("key"), publicKey}};
}

QCborMap UploadSecretPreKeys::toCbor() const {
    return {{L("preKeys"), codec::listToCbor(preKeys)}};
}

Decoded<UploadSecretPreKeys> UploadSecretPreKeys::decode(const QCborValue &args) {
    QCborArray items;
    auto d =
        codec::decodeWith<UploadSecretPreKeys>(args, [&items](MapReader &r, UploadSecretPreKeys &) {
            items = r.requireArray(L("preKeys"), kMaxPreKeysPerUpload);
        });
    if (!d.ok())
        return d;
    if (items.isEmpty())
        return Decoded<UploadSecretPreKeys>::failed(ErrorCode::BadRequest,
                                                    QStringLiteral("preKeys is empty"));
    QSet<qint64> ids;
    for (const auto &item : items) {
        if (!item.isMap())
            return Decoded<UploadSecretPreKeys>::failed(
                ErrorCode::BadRequest, QStringLiteral("preKeys must hold only maps"));
        MapReader r(item.toMap());
        SecretPreKey key;
        key.id = r.requireInt(L("id"), 0, kMaxPreKeyId);
        key.publicKey = r.requireBytes(L("key"), kSecretPublicKeyBytes, kSecretPublicKeyBytes);
        if (!r.ok())
            return Decoded<UploadSecretPreKeys>::failed(r.errorCode(), r.error());
        if (ids.contains(key.id))
            return Decoded<UploadSecretPreKeys>::failed(
                ErrorCode::BadRequest, QStringLiteral("pre-key id %1 is repeated").arg(key.id));
        ids.insert(key.id);
        d.value->preKeys.append(key);
    }
    return d;
}

QCborMap SecretDeviceInfo::toCbor() const {
    return {{L("deviceId"), deviceId}, {L("lastActiveAt"), lastActiveAt}};
}

std::optional<SecretDeviceInfo> SecretDeviceInfo::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SecretDeviceInfo d;
    d.deviceId = r.requireInt(L("deviceId"), 1);
    d.lastActiveAt = r.requireInt(L("lastActiveAt"), 0);
    return codec::finish(r, d, error);
}

QCborMap SecretDevicesResult::toCbor() const {
    return {{L("devices"), codec::listToCbor(devices)}};
}

std::optional<SecretDevicesResult> SecretDevicesResult::fromCbor(const QCborMap &map,
                                                                 QString *error) {
    SecretDevicesResult d;
    if (!codec::readList(map, L("devices"), &d.devices, error))
        return std::nullopt;
    return d;
}

QCborMap ListSecretDevices::toCbor() const {
    return {{L("userId"), userId}};
}

Decoded<ListSecretDevices> ListSecretDevices::decode(const QCborValue &args) {
    return codec::decodeWith<ListSecretDevices>(
        args, [](MapReader &r, ListSecretDevices &v) { v.userId = r.requireInt(L("userId"), 1); });
}

QCborMap SecretBundleResult::toCbor() const {
    return {{L("bundle"), bundle}};
}

std::optional<SecretBundleResult> SecretBundleResult::fromCbor(const QCborMap &map,
                                                               QString *error) {
    MapReader r(map);
    SecretBundleResult b;
    b.bundle = r.requireBytes(L("bundle"), 1, kMaxPublishedBundleBytes);
    return codec::finish(r, std::move(b), error);
}

QCborMap GetSecretBundle::toCbor() const {
    return {{L("userId"), userId}, {L("deviceId"), deviceId}};
}

Decoded<GetSecretBundle> GetSecretBundle::decode(const QCborValue &args) {
    return codec::decodeWith<GetSecretBundle>(args, [](MapReader &r, GetSecretBundle &v) {
        v.userId = r.requireInt(L("userId"), 1);
        v.deviceId = r.requireInt(L("deviceId"), 1);
    });
}

QCborMap SecretSentResult::toCbor() const {
    return {{L("id"), id}};
}

std::optional<SecretSentResult> SecretSentResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SecretSentResult s;
    s.id = r.requireInt(L("id"), 1);
    return codec::finish(r, s, error);
}

QCborMap SendSecretEnvelope::toCbor() const {
    return {{L("userId"), userId}, {L("deviceId"), deviceId}, {L("envelope"), envelope}};
}

Decoded<SendSecretEnvelope> SendSecretEnvelope::decode(const QCborValue &args) {
    return codec::decodeWith<SendSecretEnvelope>(args, [](MapReader &r, SendSecretEnvelope &v) {
        v.userId = r.requireInt(L("userId"), 1);
        v.deviceId = r.requireInt(L("deviceId"), 1);
        v.envelope = r.requireBytes(L("envelope"), 1, kMaxSecretEnvelopeBytes);
    });
}

QCborMap SecretEnvelope::toCbor() const {
    return {{L("id"), id},
            {L("fromUserId"), fromUserId},
            {L("fromDeviceId"), fromDeviceId},
            {L("date"), date},
            {L("envelope"), envelope}};
}

std::optional<SecretEnvelope> SecretEnvelope::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SecretEnvelope e;
    e.id = r.requireInt(L("id"), 1);
    e.fromUserId = r.requireInt(L("fromUserId"), 1);
    e.fromDeviceId = r.requireInt(L("fromDeviceId"), 1);
    e.date = r.requireInt(L("date"), 0);
    e.envelope = r.requireBytes(L("envelope"), 1, kMaxSecretEnvelopeBytes);
    return codec::finish(r, std::move(e), error);
}

QCborMap SecretQueueResult::toCbor() const {
    return {{L("envelopes"), codec::listToCbor(envelopes)}, {L("final"), final}};
}

std::optional<SecretQueueResult> SecretQueueResult::fromCbor(const QCborMap &map, QString *error) {
    SecretQueueResult q;
    if (!codec::readList(map, L("envelopes"), &q.envelopes, error))
        return std::nullopt;
    const QCborValue final = map.value(L("final"));
    if (!final.isBool()) {
        if (error)
            *error = QStringLiteral("field 'final' must be a boolean");
        return std::nullopt;
    }
    q.final = final.toBool();
    return q;
}

QCborMap GetSecretQueue::toCbor() const {
    return {{L("afterId"), afterId}, {L("limit"), limit}};
}

Decoded<GetSecretQueue> GetSecretQueue::decode(const QCborValue &args) {
    return codec::decodeWith<GetSecretQueue>(args, [](MapReader &r, GetSecretQueue &v) {
        v.afterId = r.intOr(L("afterId"), 0, 0, kMaxId);
        v.limit =
            static_cast<int>(r.intOr(L("limit"), kMaxSecretQueuePage, 1, kMaxSecretQueuePage));
    });
}

QCborMap AckSecretQueue::toCbor() const {
    return {{L("maxId"), maxId}};
}

Decoded<AckSecretQueue> AckSecretQueue::decode(const QCborValue &args) {
    return codec::decodeWith<AckSecretQueue>(
        args, [](MapReader &r, AckSecretQueue &v) { v.maxId = r.requireInt(L("maxId"), 1); });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap SecretEnvelopeUpdate::fields() const {
    return {{api::codec::L("envelope"), envelope.toCbor()}};
}

QCborMap SecretEnvelopeUpdate::toCbor() const {
    QCborMap map = fields();
    map.insert(api::codec::L("type"), type);
    return map;
}

std::optional<SecretEnvelopeUpdate> SecretEnvelopeUpdate::fromFields(const QCborMap &map,
                                                                     QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(api::codec::L("envelope"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<api::SecretEnvelope> envelope = api::SecretEnvelope::fromCbor(inner, error);
    return envelope ? std::optional<SecretEnvelopeUpdate>(SecretEnvelopeUpdate{*envelope})
                    : std::nullopt;
}

} // namespace msgr::protocol
