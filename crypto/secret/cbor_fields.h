#pragma once
//! Strict reading of the secret chats' CBOR maps (internal to crypto/secret/): one whole map,
//! text keys from a fixed set only, each field typed and sized. Pure, thread-safe.
#include <QByteArray>
#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>
#include <QLatin1StringView>
#include <initializer_list>
#include <optional>

namespace msgr::crypto::secret::cbor {

//! A map key from its Latin-1 name.
inline QString k(const char *name) {
    return QString::fromLatin1(name);
}

//! One CBOR map filling the whole buffer (no trailing bytes), or nothing. The reader's error is
//! checked: QCborValue::fromCbor() alone can return a half-built map after a parse error.
inline std::optional<QCborMap> readWholeMap(QByteArrayView bytes) {
    const QByteArray copy = QByteArray::fromRawData(bytes.data(), bytes.size());
    QCborStreamReader reader(copy);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError || reader.currentOffset() != copy.size() ||
        !value.isMap())
        return std::nullopt;
    return value.toMap();
}

//! Whether every key of `map` is a text key among `allowed`, each once (a repeated key makes
//! the map longer than its distinct keys, so the size check catches it).
inline bool hasOnlyKeys(const QCborMap &map, std::initializer_list<QLatin1StringView> allowed) {
    qsizetype present = 0;
    for (QLatin1StringView name : allowed)
        present += map.contains(QString(name)) ? 1 : 0;
    if (present != map.size())
        return false;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.key().isString())
            return false;
    }
    return true;
}

inline std::optional<QByteArray> bytesOfSize(const QCborMap &map, QLatin1StringView name,
                                             qsizetype size) {
    const QCborValue v = map.value(QString(name));
    if (!v.isByteArray() || v.toByteArray().size() != size)
        return std::nullopt;
    return v.toByteArray();
}

inline std::optional<quint32> uint32(const QCborMap &map, QLatin1StringView name) {
    const QCborValue v = map.value(QString(name));
    if (!v.isInteger() || v.toInteger() < 0 || v.toInteger() > 0xffffffffLL)
        return std::nullopt;
    return static_cast<quint32>(v.toInteger());
}

inline std::optional<qint64> nonNegative(const QCborMap &map, QLatin1StringView name) {
    const QCborValue v = map.value(QString(name));
    if (!v.isInteger() || v.toInteger() < 0)
        return std::nullopt;
    return v.toInteger();
}

} // namespace msgr::crypto::secret::cbor
