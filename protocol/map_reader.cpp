#include "protocol/map_reader.h"

namespace msgr::protocol {

void MapReader::fail(ErrorCode code, QString message) {
    if (!m_error.isEmpty())
        return; // the first violation is the one reported
    m_code = code;
    m_error = std::move(message);
}

bool MapReader::present(QLatin1StringView key) {
    if (m_map.contains(key))
        return true;
    fail(ErrorCode::BadRequest, QStringLiteral("missing field '%1'").arg(key));
    return false;
}

qint64 MapReader::requireInt(QLatin1StringView key, qint64 min, qint64 max) {
    if (!present(key))
        return 0;
    const QCborValue v = m_map.value(key);
    if (!v.isInteger()) {
        fail(ErrorCode::BadRequest, QStringLiteral("field '%1' must be an integer").arg(key));
        return 0;
    }
    const qint64 value = v.toInteger();
    if (value < min || value > max) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("field '%1' must be in %2..%3").arg(key).arg(min).arg(max));
        return 0;
    }
    return value;
}

qint64 MapReader::intOr(QLatin1StringView key, qint64 fallback, qint64 min, qint64 max) {
    if (!m_map.contains(key))
        return fallback;
    return requireInt(key, min, max);
}

QString MapReader::requireString(QLatin1StringView key, int minChars, int maxChars) {
    if (!present(key))
        return {};
    const QCborValue v = m_map.value(key);
    if (!v.isString()) {
        fail(ErrorCode::BadRequest, QStringLiteral("field '%1' must be a text string").arg(key));
        return {};
    }
    QString s = v.toString();
    if (s.size() > maxChars) {
        fail(ErrorCode::TooLarge,
             QStringLiteral("field '%1' is longer than %2 characters").arg(key).arg(maxChars));
        return {};
    }
    if (s.size() < minChars) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("field '%1' is shorter than %2 characters").arg(key).arg(minChars));
        return {};
    }
    return s;
}

QString MapReader::stringOr(QLatin1StringView key, const QString &fallback, int maxChars) {
    if (!m_map.contains(key))
        return fallback;
    return requireString(key, 0, maxChars);
}

bool MapReader::boolOr(QLatin1StringView key, bool fallback) {
    if (!m_map.contains(key))
        return fallback;
    const QCborValue v = m_map.value(key);
    if (!v.isBool()) {
        fail(ErrorCode::BadRequest, QStringLiteral("field '%1' must be a boolean").arg(key));
        return fallback;
    }
    return v.toBool();
}

QByteArray MapReader::bytesOr(QLatin1StringView key, qsizetype maxBytes) {
    if (!m_map.contains(key))
        return {};
    const QCborValue v = m_map.value(key);
    if (!v.isByteArray()) {
        fail(ErrorCode::BadRequest, QStringLiteral("field '%1' must be a byte string").arg(key));
        return {};
    }
    QByteArray bytes = v.toByteArray();
    if (bytes.size() > maxBytes) {
        fail(ErrorCode::TooLarge,
             QStringLiteral("field '%1' is longer than %2 bytes").arg(key).arg(maxBytes));
        return {};
    }
    return bytes;
}

QByteArray MapReader::requireBytes(QLatin1StringView key, qsizetype minBytes, qsizetype maxBytes) {
    if (!present(key))
        return {};
    QByteArray bytes = bytesOr(key, maxBytes);
    if (ok() && bytes.size() < minBytes) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("field '%1' is shorter than %2 bytes").arg(key).arg(minBytes));
        return {};
    }
    return bytes;
}

QCborMap MapReader::requireMap(QLatin1StringView key) {
    if (!present(key))
        return {};
    const QCborValue v = m_map.value(key);
    if (!v.isMap()) {
        fail(ErrorCode::BadRequest, QStringLiteral("field '%1' must be a map").arg(key));
        return {};
    }
    return v.toMap();
}

QCborArray MapReader::requireArray(QLatin1StringView key, qsizetype maxItems) {
    if (!present(key))
        return {};
    const QCborValue v = m_map.value(key);
    if (!v.isArray()) {
        fail(ErrorCode::BadRequest, QStringLiteral("field '%1' must be an array").arg(key));
        return {};
    }
    QCborArray a = v.toArray();
    if (a.size() > maxItems) {
        fail(ErrorCode::TooLarge,
             QStringLiteral("field '%1' has more than %2 items").arg(key).arg(maxItems));
        return {};
    }
    return a;
}

QList<qint64> MapReader::requireIntArray(QLatin1StringView key, qsizetype minItems,
                                         qsizetype maxItems) {
    const QCborArray a = requireArray(key, maxItems);
    if (!ok())
        return {};
    if (a.size() < minItems) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("field '%1' needs at least %2 items").arg(key).arg(minItems));
        return {};
    }
    QList<qint64> out;
    out.reserve(a.size());
    for (const auto &v : a) { // QCborValueConstRef: no QCborValue built per item
        if (!v.isInteger()) {
            fail(ErrorCode::BadRequest,
                 QStringLiteral("field '%1' must hold only integers").arg(key));
            return {};
        }
        out.append(v.toInteger());
    }
    return out;
}

} // namespace msgr::protocol
