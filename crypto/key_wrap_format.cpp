#include "crypto/key_wrap_format.h"

#include "crypto/key_wrap.h"

#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>
#include <QString>
#include <sodium.h>

namespace msgr::crypto {
namespace {

constexpr unsigned long long kMaxOpsLimit = 16;
constexpr size_t kMaxMemLimitBytes = 1024u * 1024u * 1024u;
constexpr qsizetype kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
const QLatin1StringView kAlgorithm{"argon2id13+xchacha20poly1305"};

QString key(const char *name) {
    return QString::fromLatin1(name);
}

//! One CBOR value filling the whole buffer, or nothing: QCborValue::fromCbor(bytes) without its
//! error can hand back a half-built map after a parse error (toolchain.md), and ignores trailing
//! bytes.
std::optional<QCborMap> readWholeMap(const QByteArray &bytes) {
    QCborStreamReader reader(bytes);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError || reader.currentOffset() != bytes.size() ||
        !value.isMap())
        return std::nullopt;
    return value.toMap();
}

std::optional<qint64> nonNegativeInteger(const QCborMap &map, const char *name) {
    const QCborValue v = map.value(key(name));
    if (!v.isInteger() || v.toInteger() < 0)
        return std::nullopt;
    return v.toInteger();
}

std::optional<QByteArray> bytes(const QCborMap &map, const char *name) {
    const QCborValue v = map.value(key(name));
    if (!v.isByteArray())
        return std::nullopt;
    return v.toByteArray();
}

} // namespace

bool wrapCostAcceptable(unsigned long long opsLimit, size_t memLimitBytes) {
    const KeyWrapCost floor = KeyWrapCost::interactive();
    return opsLimit >= floor.opsLimit && opsLimit <= kMaxOpsLimit &&
           memLimitBytes >= floor.memLimitBytes && memLimitBytes <= kMaxMemLimitBytes;
}

std::optional<WrappedKeyBlob> parseWrappedKey(const QByteArray &blob) {
    if (blob.size() > kMaxWrappedBlobBytes)
        return std::nullopt;
    const std::optional<QCborMap> map = readWholeMap(blob);
    if (!map)
        return std::nullopt;
    const std::optional<qint64> version = nonNegativeInteger(*map, "v");
    const QCborValue algorithm = map->value(key("alg"));
    const std::optional<qint64> ops = nonNegativeInteger(*map, "ops");
    const std::optional<qint64> mem = nonNegativeInteger(*map, "mem");
    std::optional<QByteArray> salt = bytes(*map, "salt");
    std::optional<QByteArray> nonce = bytes(*map, "nonce");
    std::optional<QByteArray> ciphertext = bytes(*map, "ct");
    if (version != kWrappedKeyFormatVersion || !algorithm.isString() ||
        algorithm.toString() != kAlgorithm || !ops || !mem || !salt || !nonce || !ciphertext)
        return std::nullopt;
    if (salt->size() != crypto_pwhash_SALTBYTES ||
        nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        ciphertext->size() <= kTagBytes || ciphertext->size() > kMaxWrappedKeyBytes + kTagBytes ||
        !wrapCostAcceptable(static_cast<unsigned long long>(*ops), static_cast<size_t>(*mem)))
        return std::nullopt;
    return WrappedKeyBlob{*version,
                          std::move(*salt),
                          static_cast<unsigned long long>(*ops),
                          static_cast<size_t>(*mem),
                          std::move(*nonce),
                          std::move(*ciphertext)};
}

QByteArray serializeWrappedKey(const WrappedKeyBlob &blob) {
    QCborMap map;
    map.insert(key("v"), blob.version);
    map.insert(key("alg"), kAlgorithm);
    map.insert(key("salt"), blob.salt);
    map.insert(key("ops"), static_cast<qint64>(blob.opsLimit));
    map.insert(key("mem"), static_cast<qint64>(blob.memLimitBytes));
    map.insert(key("nonce"), blob.nonce);
    map.insert(key("ct"), blob.ciphertext);
    return map.toCborValue().toCbor();
}

} // namespace msgr::crypto
