#include "protocol/api/pinned_messages.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol {
using api::codec::L;

QCborMap ChatPinnedMessageUpdate::fields() const {
    return {{L("chatId"), chatId}, {L("messageId"), messageId}};
}

std::optional<ChatPinnedMessageUpdate> ChatPinnedMessageUpdate::fromFields(const QCborMap &map,
                                                                           QString *error) {
    MapReader r(map);
    ChatPinnedMessageUpdate u;
    u.chatId = r.requireInt(L("chatId"), 1);
    u.messageId = r.requireInt(L("messageId"), 0);
    return api::codec::finish(r, u, error);
}

} // namespace msgr::protocol

namespace msgr::protocol::api {
using codec::L;

QCborMap PinMessageResult::toCbor() const {
    return {{L("chatId"), chatId}, {L("messageId"), messageId}, {L("pts"), pts}};
}

std::optional<PinMessageResult> PinMessageResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    PinMessageResult result;
    result.chatId = r.requireInt(L("chatId"), 1);
    result.messageId = r.requireInt(L("messageId"), 0);
    result.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, result, error);
}

QCborMap PinMessage::toCbor() const {
    return {{L("chatId"), chatId}, {L("messageId"), messageId}, {L("pinned"), pinned}};
}

Decoded<PinMessage> PinMessage::decode(const QCborValue &args) {
    return codec::decodeWith<PinMessage>(args, [](MapReader &r, PinMessage &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.messageId = r.requireInt(L("messageId"), 1);
        // Required, not defaulted: a client that meant "unpin" must never pin by omission.
        if (!r.has(L("pinned")))
            r.requireInt(L("pinned"));
        v.pinned = r.boolOr(L("pinned"), false);
    });
}

} // namespace msgr::protocol::api
