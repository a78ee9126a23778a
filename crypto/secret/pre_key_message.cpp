#include "crypto/secret/pre_key_message.h"

#include "crypto/secret/cbor_fields.h"

namespace msgr::crypto::secret {
using cbor::k;

namespace {

using L = QLatin1StringView;

} // namespace

QByteArray encodePreKeyMessage(const PreKeyMessage &message) {
    QCborMap map;
    map.insert(k("v"), kPreKeyMessageVersion);
    map.insert(k("ik"), message.initiator.signingKey);
    map.insert(k("ikx"), message.initiator.agreementKey);
    map.insert(k("ikxs"), message.initiator.agreementSignature);
    map.insert(k("ek"), message.ephemeralKey);
    map.insert(k("spk"), static_cast<qint64>(message.signedPreKeyId));
    if (message.oneTimePreKeyId)
        map.insert(k("opk"), static_cast<qint64>(*message.oneTimePreKeyId));
    map.insert(k("m"), message.message);
    return map.toCborValue().toCbor();
}

Result<PreKeyMessage> decodePreKeyMessage(QByteArrayView bytes) {
    if (bytes.size() > kMaxPreKeyMessageBytes)
        return SecretError::Malformed;
    const std::optional<QCborMap> map = cbor::readWholeMap(bytes);
    if (!map)
        return SecretError::Malformed;
    const QCborValue version = map->value(k("v"));
    if (!version.isInteger())
        return SecretError::Malformed;
    if (version.toInteger() != kPreKeyMessageVersion)
        return SecretError::UnsupportedVersion;
    if (!cbor::hasOnlyKeys(
            *map, {L("v"), L("ik"), L("ikx"), L("ikxs"), L("ek"), L("spk"), L("opk"), L("m")}))
        return SecretError::Malformed;
    const auto ik = cbor::bytesOfSize(*map, L("ik"), kEd25519PublicBytes);
    const auto ikx = cbor::bytesOfSize(*map, L("ikx"), kX25519Bytes);
    const auto ikxs = cbor::bytesOfSize(*map, L("ikxs"), kSignatureBytes);
    const auto ek = cbor::bytesOfSize(*map, L("ek"), kX25519Bytes);
    const auto spk = cbor::uint32(*map, L("spk"));
    const QCborValue inner = map->value(k("m"));
    if (!ik || !ikx || !ikxs || !ek || !spk || !inner.isByteArray())
        return SecretError::Malformed;
    PreKeyMessage out{{*ik, *ikx, *ikxs}, *ek, *spk, {}, inner.toByteArray()};
    if (map->contains(k("opk"))) {
        const auto opk = cbor::uint32(*map, L("opk"));
        if (!opk)
            return SecretError::Malformed;
        out.oneTimePreKeyId = *opk;
    }
    if (const Result<RatchetMessage> split = splitRatchetMessage(out.message); !split.ok())
        return split.error();
    return out;
}

} // namespace msgr::crypto::secret
