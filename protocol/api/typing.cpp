#include "protocol/api/typing.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;

namespace {
//! A required boolean: MapReader has no requireBool; requireInt on the absent key reports it
//! missing, and boolOr reports a present key of another type.
bool requireBool(MapReader &r, QLatin1StringView key) {
    if (!r.has(key))
        r.requireInt(key);
    return r.boolOr(key, false);
}
} // namespace

QCborMap SetTyping::toCbor() const {
    return {{L("chatId"), chatId}, {L("typing"), typing}};
}

Decoded<SetTyping> SetTyping::decode(const QCborValue &args) {
    return codec::decodeWith<SetTyping>(args, [](MapReader &r, SetTyping &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        // Required: a client that meant "stopped" must never start an indicator by omission.
        v.typing = requireBool(r, L("typing"));
    });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap TypingUpdate::fields() const {
    using api::codec::L;
    return {{L("chatId"), chatId}, {L("userId"), userId}, {L("typing"), typing}};
}

QCborMap TypingUpdate::toCbor() const {
    QCborMap map = fields();
    map.insert(api::codec::L("type"), type);
    return map;
}

std::optional<TypingUpdate> TypingUpdate::fromFields(const QCborMap &map, QString *error) {
    using api::codec::L;
    MapReader r(map);
    TypingUpdate u;
    u.chatId = r.requireInt(L("chatId"), 1);
    u.userId = r.requireInt(L("userId"), 1);
    u.typing = api::requireBool(r, L("typing"));
    return api::codec::finish(r, u, error);
}

} // namespace msgr::protocol
