#pragma once
//! Reads typed fields out of a CBOR map, remembering the first violation as a typed error.
//! Used for request arguments on the server and for every object decoded on either side.
#include "protocol/error_code.h"

#include <QCborArray>
#include <QCborMap>
#include <QLatin1StringView>
#include <QString>
#include <limits>

namespace msgr::protocol {

class MapReader {
public:
    // QCborMap is implicitly shared (copying is a reference count) and has no move constructor
    // in Qt 6.4.
    explicit MapReader(const QCborMap &map) : m_map(map) {}

    qint64 requireInt(QLatin1StringView key, qint64 min = std::numeric_limits<qint64>::min(),
                      qint64 max = std::numeric_limits<qint64>::max());
    qint64 intOr(QLatin1StringView key, qint64 fallback,
                 qint64 min = std::numeric_limits<qint64>::min(),
                 qint64 max = std::numeric_limits<qint64>::max());
    //! A string of minChars..maxChars; longer is TOO_LARGE, shorter or mistyped BAD_REQUEST.
    QString requireString(QLatin1StringView key, int minChars, int maxChars);
    QString stringOr(QLatin1StringView key, const QString &fallback, int maxChars);
    bool boolOr(QLatin1StringView key, bool fallback);
    //! A byte string of minBytes..maxBytes; longer is TOO_LARGE, shorter or mistyped BAD_REQUEST.
    QByteArray requireBytes(QLatin1StringView key, qsizetype minBytes, qsizetype maxBytes);
    //! A CBOR byte string of at most maxBytes (TOO_LARGE past it); `{}` when absent.
    QByteArray bytesOr(QLatin1StringView key, qsizetype maxBytes);
    QCborMap requireMap(QLatin1StringView key);
    QCborArray requireArray(QLatin1StringView key, qsizetype maxItems);
    QList<qint64> requireIntArray(QLatin1StringView key, qsizetype minItems, qsizetype maxItems);

    bool ok() const { return m_error.isEmpty(); }
    ErrorCode errorCode() const { return m_code; }
    const QString &error() const { return m_error; }
    bool has(QLatin1StringView key) const { return m_map.contains(key); }
    //! Records a violation found by the caller (a rule beyond a field's type and range); the
    //! first one recorded is kept.
    void fail(ErrorCode code, QString message);

private:
    bool present(QLatin1StringView key);

    QCborMap m_map;
    ErrorCode m_code = ErrorCode::BadRequest;
    QString m_error;
};

} // namespace msgr::protocol
