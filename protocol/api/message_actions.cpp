#include "protocol/api/message_actions.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;

QString deleteScopeName(DeleteScope scope) {
    return scope == DeleteScope::Everyone ? QStringLiteral("everyone") : QStringLiteral("me");
}

std::optional<DeleteScope> deleteScopeFromName(const QString &name) {
    if (name == QLatin1StringView("me"))
        return DeleteScope::Me;
    if (name == QLatin1StringView("everyone"))
        return DeleteScope::Everyone;
    return std::nullopt;
}

QCborMap EditResult::toCbor() const {
    return {{L("message"), message.toCbor()}, {L("pts"), pts}};
}

std::optional<EditResult> EditResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    EditResult e;
    const QCborMap message = r.requireMap(L("message"));
    e.pts = r.requireInt(L("pts"), 0);
    if (!r.ok())
        return codec::finish(r, e, error);
    std::optional<Message> parsed = Message::fromCbor(message, error);
    if (!parsed)
        return std::nullopt;
    e.message = std::move(*parsed);
    return e;
}

QCborMap EditMessage::toCbor() const {
    return {{L("chatId"), chatId}, {L("messageId"), messageId}, {L("text"), text}};
}

Decoded<EditMessage> EditMessage::decode(const QCborValue &args) {
    return codec::decodeWith<EditMessage>(args, [](MapReader &r, EditMessage &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.messageId = r.requireInt(L("messageId"), 1);
        // Empty is checked against the message itself (allowed when it has attachments).
        v.text = r.requireString(L("text"), 0, kMaxTextChars);
    });
}

QCborMap DeleteResult::toCbor() const {
    return {{L("messageIds"), codec::intsToCbor(messageIds)}, {L("pts"), pts}};
}

std::optional<DeleteResult> DeleteResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    DeleteResult d;
    d.messageIds = r.requireIntArray(L("messageIds"), 0, kMaxDeleteIds);
    d.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, std::move(d), error);
}

QCborMap DeleteMessages::toCbor() const {
    return {{L("chatId"), chatId},
            {L("messageIds"), codec::intsToCbor(messageIds)},
            {L("scope"), deleteScopeName(scope)}};
}

Decoded<DeleteMessages> DeleteMessages::decode(const QCborValue &args) {
    return codec::decodeWith<DeleteMessages>(args, [](MapReader &r, DeleteMessages &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.messageIds = r.requireIntArray(L("messageIds"), 1, kMaxDeleteIds);
        for (const qint64 id : v.messageIds) {
            if (id < 1)
                r.fail(ErrorCode::BadRequest, QStringLiteral("messageIds must be ≥ 1"));
        }
        // Required: "for everyone" must never happen by omission.
        const QString scopeName = r.requireString(L("scope"), 1, 16);
        const std::optional<DeleteScope> parsed = deleteScopeFromName(scopeName);
        if (r.ok() && !parsed)
            r.fail(ErrorCode::BadRequest, QStringLiteral("scope must be \"me\" or \"everyone\""));
        v.scope = parsed.value_or(DeleteScope::Me);
    });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {
using api::codec::L;

QCborMap MessageEditedUpdate::fields() const {
    return {{L("message"), message.toCbor()}};
}

std::optional<MessageEditedUpdate> MessageEditedUpdate::fromFields(const QCborMap &map,
                                                                   QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(L("message"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<Message> message = Message::fromCbor(inner, error);
    if (!message)
        return std::nullopt;
    return MessageEditedUpdate{std::move(*message)};
}

QCborMap MessagesDeletedUpdate::fields() const {
    return {{L("chatId"), chatId}, {L("messageIds"), api::codec::intsToCbor(messageIds)}};
}

std::optional<MessagesDeletedUpdate> MessagesDeletedUpdate::fromFields(const QCborMap &map,
                                                                       QString *error) {
    MapReader r(map);
    MessagesDeletedUpdate u;
    u.chatId = r.requireInt(L("chatId"), 1);
    u.messageIds = r.requireIntArray(L("messageIds"), 1, api::kMaxDeleteIds);
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return u;
}

} // namespace msgr::protocol
