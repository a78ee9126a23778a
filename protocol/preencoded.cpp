#include "protocol/preencoded.h"

#include <QCborValue>
#include <QLatin1StringView>

namespace msgr::protocol::preencoded {

namespace {

// CBOR heads (RFC 8949 §3): a major type and an argument in the fewest bytes, as Qt writes.
constexpr quint8 kMajorUnsigned = 0;
constexpr quint8 kMajorNegative = 1;
constexpr quint8 kMajorText = 3;
constexpr quint8 kMajorMap = 5;
constexpr quint8 kTrue = 0xf5;
constexpr quint8 kFalse = 0xf4;

void appendHead(QByteArray &out, quint8 major, quint64 argument) {
    const auto typeBits = static_cast<char>(major << 5);
    if (argument < 24) {
        out.append(static_cast<char>(typeBits | static_cast<char>(argument)));
        return;
    }
    int bytes = 8;
    char info = 27;
    if (argument <= 0xff) {
        bytes = 1;
        info = 24;
    } else if (argument <= 0xffff) {
        bytes = 2;
        info = 25;
    } else if (argument <= 0xffffffffULL) {
        bytes = 4;
        info = 26;
    }
    out.append(static_cast<char>(typeBits | info));
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out.append(static_cast<char>((argument >> shift) & 0xff));
}

void appendInt(QByteArray &out, qint64 value) {
    if (value >= 0)
        appendHead(out, kMajorUnsigned, static_cast<quint64>(value));
    else
        appendHead(out, kMajorNegative, static_cast<quint64>(-(value + 1)));
}

void appendText(QByteArray &out, QLatin1StringView text) {
    appendHead(out, kMajorText, static_cast<quint64>(text.size()));
    out.append(text.data(), text.size());
}

//! Room for the wrapper's keys and integers around the pre-encoded part.
constexpr qsizetype kWrapperBytes = 48;

} // namespace

QByteArray message(const Message &message) {
    return QCborValue(message.toCbor()).toCbor();
}

QByteArray newMessageUpdate(const QByteArray &encodedMessage) {
    // updateToCbor: the update's fields, then its type.
    QByteArray out;
    out.reserve(encodedMessage.size() + kWrapperBytes);
    appendHead(out, kMajorMap, 2);
    appendText(out, QLatin1StringView("message"));
    out.append(encodedMessage);
    appendText(out, QLatin1StringView("type"));
    appendText(out, QLatin1StringView("newMessage"));
    return out;
}

QByteArray updateFrame(qint64 pts, const QByteArray &encodedUpdate) {
    // encodeFrame: t, u, then pts unless 0.
    QByteArray out;
    out.reserve(encodedUpdate.size() + kWrapperBytes);
    appendHead(out, kMajorMap, pts != 0 ? 3 : 2);
    appendText(out, QLatin1StringView("t"));
    appendText(out, QLatin1StringView("upd"));
    appendText(out, QLatin1StringView("u"));
    out.append(encodedUpdate);
    if (pts != 0) {
        appendText(out, QLatin1StringView("pts"));
        appendInt(out, pts);
    }
    return out;
}

QByteArray resultFrame(qint64 requestId, const QByteArray &encodedResult) {
    QByteArray out;
    out.reserve(encodedResult.size() + kWrapperBytes);
    appendHead(out, kMajorMap, 3);
    appendText(out, QLatin1StringView("t"));
    appendText(out, QLatin1StringView("res"));
    appendText(out, QLatin1StringView("id"));
    appendInt(out, requestId);
    appendText(out, QLatin1StringView("r"));
    out.append(encodedResult);
    return out;
}

QByteArray sendResult(const QByteArray &encodedMessage, qint64 pts, bool duplicate) {
    QByteArray out;
    out.reserve(encodedMessage.size() + kWrapperBytes);
    appendHead(out, kMajorMap, 3);
    appendText(out, QLatin1StringView("message"));
    out.append(encodedMessage);
    appendText(out, QLatin1StringView("pts"));
    appendInt(out, pts);
    appendText(out, QLatin1StringView("duplicate"));
    out.append(static_cast<char>(duplicate ? kTrue : kFalse));
    return out;
}

} // namespace msgr::protocol::preencoded
