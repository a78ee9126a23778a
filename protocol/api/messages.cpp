#include "protocol/api/messages.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"

namespace msgr::protocol::api {
using codec::L;

namespace {
//! chatId ≥ 1 and maxId ≥ 0: messages.received and messages.read share their shape.
template <typename T> Decoded<T> decodePosition(const QCborValue &args) {
    return codec::decodeWith<T>(args, [](MapReader &r, T &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.maxId = r.requireInt(L("maxId"), 0);
    });
}
} // namespace

QCborMap SendResult::toCbor() const {
    return {{L("message"), message.toCbor()}, {L("pts"), pts}, {L("duplicate"), duplicate}};
}

std::optional<SendResult> SendResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SendResult s;
    const QCborMap message = r.requireMap(L("message"));
    s.pts = r.intOr(L("pts"), 0, 0);
    s.duplicate = r.boolOr(L("duplicate"), false);
    if (!r.ok())
        return codec::finish(r, s, error);
    std::optional<Message> parsed = Message::fromCbor(message, error);
    if (!parsed)
        return std::nullopt;
    s.message = *parsed;
    return s;
}

QCborMap MessagesResult::toCbor() const {
    QCborMap m{{L("messages"), codec::listToCbor(messages)}};
    if (final)
        m.insert(L("final"), *final);
    return m;
}

std::optional<MessagesResult> MessagesResult::fromCbor(const QCborMap &map, QString *error) {
    MessagesResult m;
    if (!codec::readList(map, L("messages"), &m.messages, error))
        return std::nullopt;
    const QCborValue final = map.value(L("final"));
    if (final.isBool()) {
        m.final = final.toBool();
    } else if (!final.isUndefined()) {
        if (error)
            *error = QStringLiteral("'final' must be a boolean");
        return std::nullopt;
    }
    return m;
}

QCborMap PtsResult::toCbor() const {
    return {{L("pts"), pts}};
}

std::optional<PtsResult> PtsResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    PtsResult p;
    p.pts = r.intOr(L("pts"), 0, 0);
    return codec::finish(r, p, error);
}

QCborMap SendMessage::toCbor() const {
    QCborMap m{{L("chatId"), chatId}, {L("randomId"), randomId}, {L("text"), text}};
    insertAttachments(m, attachments);
    if (replyToId > 0) // absent unless a reply, so a plain send's frame stays as it was
        m.insert(L("replyToId"), replyToId);
    return m;
}

Decoded<SendMessage> SendMessage::decode(const QCborValue &args) {
    Decoded<SendMessage> d = codec::decodeWith<SendMessage>(args, [](MapReader &r, SendMessage &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.randomId = r.requireInt(L("randomId"));
        v.text = r.requireString(L("text"), 0, kMaxTextChars);
        v.attachments = readAttachments(r);
        v.replyToId = r.intOr(L("replyToId"), 0, 1);
        // A message says something: a text, a file, or both.
        if (r.ok() && v.text.isEmpty() && v.attachments.isEmpty())
            r.fail(ErrorCode::BadRequest,
                   QStringLiteral("field 'text' is shorter than 1 character"));
    });
    if (d.ok() && d.value->randomId == 0)
        return Decoded<SendMessage>::failed(ErrorCode::BadRequest,
                                            QStringLiteral("randomId must not be 0"));
    return d;
}

QCborMap GetHistory::toCbor() const {
    return {{L("chatId"), chatId}, {L("beforeId"), beforeId}, {L("limit"), limit}};
}

Decoded<GetHistory> GetHistory::decode(const QCborValue &args) {
    return codec::decodeWith<GetHistory>(args, [](MapReader &r, GetHistory &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.beforeId = r.intOr(L("beforeId"), 0, 0);
        v.limit = int(r.requireInt(L("limit"), 1, kMaxHistoryLimit));
    });
}

QCborMap MarkReceived::toCbor() const {
    return {{L("chatId"), chatId}, {L("maxId"), maxId}};
}

Decoded<MarkReceived> MarkReceived::decode(const QCborValue &args) {
    return decodePosition<MarkReceived>(args);
}

QCborMap MarkRead::toCbor() const {
    return {{L("chatId"), chatId}, {L("maxId"), maxId}};
}

Decoded<MarkRead> MarkRead::decode(const QCborValue &args) {
    return decodePosition<MarkRead>(args);
}

} // namespace msgr::protocol::api
