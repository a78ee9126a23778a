#include "crypto/secret/pre_key_bundle.h"

#include "crypto/secret/cbor_fields.h"

namespace msgr::crypto::secret {
using cbor::k;

namespace {

using L = QLatin1StringView;

} // namespace

SecretError PreKeyBundle::verify(qint64 nowMs) const {
    if (const SecretError e = identity.verify(); e != SecretError::None)
        return e;
    if (oneTimePreKey && oneTimePreKey->publicKey.size() != kX25519Bytes)
        return SecretError::Malformed;
    return verifySignedPreKey(signedPreKey, identity.signingKey, nowMs);
}

QByteArray encodePreKeyBundle(const PreKeyBundle &bundle) {
    QCborMap signedPreKey;
    signedPreKey.insert(k("id"), static_cast<qint64>(bundle.signedPreKey.id));
    signedPreKey.insert(k("t"), bundle.signedPreKey.createdAtMs);
    signedPreKey.insert(k("k"), bundle.signedPreKey.publicKey);
    signedPreKey.insert(k("s"), bundle.signedPreKey.signature);
    QCborMap map;
    map.insert(k("v"), kBundleVersion);
    map.insert(k("ik"), bundle.identity.signingKey);
    map.insert(k("ikx"), bundle.identity.agreementKey);
    map.insert(k("ikxs"), bundle.identity.agreementSignature);
    map.insert(k("spk"), signedPreKey);
    if (bundle.oneTimePreKey) {
        QCborMap oneTime;
        oneTime.insert(k("id"), static_cast<qint64>(bundle.oneTimePreKey->id));
        oneTime.insert(k("k"), bundle.oneTimePreKey->publicKey);
        map.insert(k("opk"), oneTime);
    }
    return map.toCborValue().toCbor();
}

Result<PreKeyBundle> decodePreKeyBundle(QByteArrayView bytes) {
    if (bytes.size() > kMaxBundleBytes)
        return SecretError::Malformed;
    const std::optional<QCborMap> map = cbor::readWholeMap(bytes);
    if (!map)
        return SecretError::Malformed;
    const QCborValue version = map->value(k("v"));
    if (!version.isInteger())
        return SecretError::Malformed;
    if (version.toInteger() != kBundleVersion)
        return SecretError::UnsupportedVersion;
    if (!cbor::hasOnlyKeys(*map, {L("v"), L("ik"), L("ikx"), L("ikxs"), L("spk"), L("opk")}))
        return SecretError::Malformed;
    const auto ik = cbor::bytesOfSize(*map, L("ik"), kEd25519PublicBytes);
    const auto ikx = cbor::bytesOfSize(*map, L("ikx"), kX25519Bytes);
    const auto ikxs = cbor::bytesOfSize(*map, L("ikxs"), kSignatureBytes);
    const QCborValue spkValue = map->value(k("spk"));
    if (!ik || !ikx || !ikxs || !spkValue.isMap())
        return SecretError::Malformed;
    const QCborMap spk = spkValue.toMap();
    if (!cbor::hasOnlyKeys(spk, {L("id"), L("t"), L("k"), L("s")}))
        return SecretError::Malformed;
    const auto spkId = cbor::uint32(spk, L("id"));
    const auto spkTime = cbor::nonNegative(spk, L("t"));
    const auto spkKey = cbor::bytesOfSize(spk, L("k"), kX25519Bytes);
    const auto spkSignature = cbor::bytesOfSize(spk, L("s"), kSignatureBytes);
    if (!spkId || !spkTime || !spkKey || !spkSignature)
        return SecretError::Malformed;
    PreKeyBundle bundle{{*ik, *ikx, *ikxs}, {*spkId, *spkTime, *spkKey, *spkSignature}, {}};
    if (map->contains(k("opk"))) {
        const QCborValue opkValue = map->value(k("opk"));
        if (!opkValue.isMap())
            return SecretError::Malformed;
        const QCborMap opk = opkValue.toMap();
        const auto opkId = cbor::uint32(opk, L("id"));
        const auto opkKey = cbor::bytesOfSize(opk, L("k"), kX25519Bytes);
        if (!cbor::hasOnlyKeys(opk, {L("id"), L("k")}) || !opkId || !opkKey)
            return SecretError::Malformed;
        bundle.oneTimePreKey = PublicOneTimePreKey{*opkId, *opkKey};
    }
    return bundle;
}

} // namespace msgr::crypto::secret
