#include "protocol/preencoded.h"

#include "protocol/cbor_head.h"

#include <QCborValue>
#include <QLatin1StringView>

namespace msgr::protocol::preencoded {

namespace {

constexpr quint8 kTrue = 0xf5;
constexpr quint8 kFalse = 0xf4;

void appendText(QByteArray &out, QLatin1StringView text) {
    cbor_head::append(out, cbor_head::kText, static_cast<quint64>(text.size()));
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
    cbor_head::append(out, cbor_head::kMap, 2);
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
    cbor_head::append(out, cbor_head::kMap, pts != 0 ? 3 : 2);
    appendText(out, QLatin1StringView("t"));
    appendText(out, QLatin1StringView("upd"));
    appendText(out, QLatin1StringView("u"));
    out.append(encodedUpdate);
    if (pts != 0) {
        appendText(out, QLatin1StringView("pts"));
        cbor_head::appendInteger(out, pts);
    }
    return out;
}

QByteArray resultFrame(qint64 requestId, const QByteArray &encodedResult) {
    QByteArray out;
    out.reserve(encodedResult.size() + kWrapperBytes);
    cbor_head::append(out, cbor_head::kMap, 3);
    appendText(out, QLatin1StringView("t"));
    appendText(out, QLatin1StringView("res"));
    appendText(out, QLatin1StringView("id"));
    cbor_head::appendInteger(out, requestId);
    appendText(out, QLatin1StringView("r"));
    out.append(encodedResult);
    return out;
}

QByteArray sendResult(const QByteArray &encodedMessage, qint64 pts, bool duplicate) {
    QByteArray out;
    out.reserve(encodedMessage.size() + kWrapperBytes);
    cbor_head::append(out, cbor_head::kMap, 3);
    appendText(out, QLatin1StringView("message"));
    out.append(encodedMessage);
    appendText(out, QLatin1StringView("pts"));
    cbor_head::appendInteger(out, pts);
    appendText(out, QLatin1StringView("duplicate"));
    out.append(static_cast<char>(duplicate ? kTrue : kFalse));
    return out;
}

} // namespace msgr::protocol::preencoded
