#include "server/request_id_peek.h"

#include <QCborStreamReader>

namespace msgr::server {
namespace {
// A request map has four keys (t, id, m, a); a peer that puts them later than this many
// entries gets its error without an id rather than making us scan an arbitrary map.
constexpr int kMaxEntriesScanned = 8;
constexpr qsizetype kMaxKeyChars = 8;
constexpr qsizetype kMaxTypeChars = 8;

//! Reads a definite-length text string of at most `maxChars`; nullopt for anything else
//! (the reader is then positioned after the item, or in error).
std::optional<QString> readShortText(QCborStreamReader &reader, qsizetype maxChars) {
    if (!reader.isString() || !reader.isLengthKnown() || reader.length() > quint64(maxChars)) {
        reader.next();
        return std::nullopt;
    }
    QString text;
    auto chunk = reader.readString();
    while (chunk.status == QCborStreamReader::Ok) {
        text += chunk.data;
        chunk = reader.readString();
    }
    if (chunk.status != QCborStreamReader::EndOfString)
        return std::nullopt;
    return text;
}
} // namespace

qint64 peekRequestId(QByteArrayView frame) {
    QCborStreamReader reader(frame.data(), frame.size());
    if (!reader.isMap() || !reader.enterContainer())
        return 0;
    qint64 id = 0;
    bool isRequest = false;
    for (int i = 0; i < kMaxEntriesScanned && reader.hasNext(); ++i) {
        const std::optional<QString> key = readShortText(reader, kMaxKeyChars);
        if (reader.lastError() != QCborError::NoError)
            return 0;
        if (key == QLatin1StringView("id") && reader.isInteger()) {
            id = qMax<qint64>(0, reader.toInteger());
        } else if (key == QLatin1StringView("t")) {
            isRequest = readShortText(reader, kMaxTypeChars) == QLatin1StringView("req");
            if (reader.lastError() != QCborError::NoError)
                return 0;
            continue;
        }
        if (!reader.next()) // skip the value, nested containers included
            return 0;
    }
    return isRequest ? id : 0;
}

} // namespace msgr::server
