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
//! A plain message's keys (36 bytes with their heads), five integers of up to 9 bytes, the
//! map's and the text's heads.
constexpr qsizetype kPlainMessageFieldBytes = 96;

} // namespace

QByteArray message(const Message &message) {
    // A plain text message (the bulk of the traffic) is written field by field, in
    // Message::toCbor's order, straight into one buffer of the right size: building the
    // QCborMap and encoding it took ~5 % of the server's CPU per message (issue 6's profile).
    // Anything with an optional field takes the map path.
    const bool plain = !message.action && message.editedAt <= 0 && !message.replyTo &&
                       !message.forwardedFrom && message.commentCount <= 0 &&
                       message.attachments.isEmpty();
    if (!plain)
        return QCborValue(message.toCbor()).toCbor();
    const QByteArray text = message.text.toUtf8(); // what QCborStreamWriter writes for a QString
    QByteArray out;
    out.reserve(text.size() + kPlainMessageFieldBytes);
    cbor_head::append(out, cbor_head::kMap, 6);
    appendText(out, QLatin1StringView("id"));
    cbor_head::appendInteger(out, message.id);
    appendText(out, QLatin1StringView("chatId"));
    cbor_head::appendInteger(out, message.chatId);
    appendText(out, QLatin1StringView("senderId"));
    cbor_head::appendInteger(out, message.senderId);
    appendText(out, QLatin1StringView("date"));
    cbor_head::appendInteger(out, message.date);
    appendText(out, QLatin1StringView("text"));
    cbor_head::append(out, cbor_head::kText, static_cast<quint64>(text.size()));
    out.append(text);
    appendText(out, QLatin1StringView("randomId"));
    cbor_head::appendInteger(out, message.randomId);
    return out;
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
