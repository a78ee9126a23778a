#include "protocol/api/chats.h"

#include "protocol/api/codec.h"

namespace msgr::protocol::api {
using codec::L;

QCborMap ChatResult::toCbor() const {
    return {{L("chat"), chat.toCbor()}, {L("pts"), pts}};
}

std::optional<ChatResult> ChatResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ChatResult c;
    const QCborMap chat = r.requireMap(L("chat"));
    c.pts = r.intOr(L("pts"), 0, 0);
    if (!r.ok())
        return codec::finish(r, c, error);
    std::optional<Chat> parsed = Chat::fromCbor(chat, error);
    if (!parsed)
        return std::nullopt;
    c.chat = *parsed;
    return c;
}

QCborMap ChatsResult::toCbor() const {
    return {{L("chats"), codec::listToCbor(chats)}, {L("pts"), pts}};
}

std::optional<ChatsResult> ChatsResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ChatsResult c;
    c.pts = r.requireInt(L("pts"), 0);
    if (!r.ok())
        return codec::finish(r, c, error);
    if (!codec::readList(map, L("chats"), &c.chats, error))
        return std::nullopt;
    return c;
}

QCborMap OpenPrivateChat::toCbor() const {
    return {{L("userId"), userId}};
}

Decoded<OpenPrivateChat> OpenPrivateChat::decode(const QCborValue &args) {
    return codec::decodeWith<OpenPrivateChat>(
        args, [](MapReader &r, OpenPrivateChat &v) { v.userId = r.requireInt(L("userId"), 1); });
}

Decoded<ListChats> ListChats::decode(const QCborValue &args) {
    return codec::decodeWith<ListChats>(args, [](MapReader &, ListChats &) {});
}

} // namespace msgr::protocol::api
