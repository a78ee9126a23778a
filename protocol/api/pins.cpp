#include "protocol/api/pins.h"

#include "protocol/api/codec.h"

namespace msgr::protocol::api {
using codec::L;

QCborMap PinnedChatsResult::toCbor() const {
    return {{L("chatIds"), codec::intsToCbor(chatIds)}, {L("pts"), pts}};
}

std::optional<PinnedChatsResult> PinnedChatsResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    PinnedChatsResult p;
    p.chatIds = r.requireIntArray(L("chatIds"), 0, kMaxPinnedChats);
    p.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, std::move(p), error);
}

QCborMap SetChatPinned::toCbor() const {
    return {{L("chatId"), chatId}, {L("pinned"), pinned}};
}

Decoded<SetChatPinned> SetChatPinned::decode(const QCborValue &args) {
    return codec::decodeWith<SetChatPinned>(args, [](MapReader &r, SetChatPinned &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        // Required, not defaulted: a client that meant "unpin" must never pin by omission.
        // MapReader has no requireBool; requireInt on the absent key reports it missing.
        if (!r.has(L("pinned")))
            r.requireInt(L("pinned"));
        v.pinned = r.boolOr(L("pinned"), false);
    });
}

Decoded<ListPinnedChats> ListPinnedChats::decode(const QCborValue &args) {
    return codec::decodeWith<ListPinnedChats>(args, [](MapReader &, ListPinnedChats &) {});
}

} // namespace msgr::protocol::api
