#include "protocol/api/mutes.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;

namespace {
ChatMute readMute(MapReader &r) {
    ChatMute m;
    m.chatId = r.requireInt(L("chatId"), 1);
    m.mutedUntil = r.requireInt(L("mutedUntil"), 0, kMutedForever);
    return m;
}
} // namespace

QCborMap ChatMute::toCbor() const {
    return {{L("chatId"), chatId}, {L("mutedUntil"), mutedUntil}};
}

std::optional<ChatMute> ChatMute::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ChatMute m = readMute(r);
    return codec::finish(r, m, error);
}

QCborMap ChatMuteResult::toCbor() const {
    QCborMap map = mute.toCbor();
    map.insert(L("pts"), pts);
    return map;
}

std::optional<ChatMuteResult> ChatMuteResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    ChatMuteResult result;
    result.mute = readMute(r);
    result.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, result, error);
}

QCborMap SetChatMuted::toCbor() const {
    QCborMap map{{L("chatId"), chatId}, {L("muted"), muted}};
    if (muted && forSeconds > 0)
        map.insert(L("forSeconds"), forSeconds);
    return map;
}

Decoded<SetChatMuted> SetChatMuted::decode(const QCborValue &args) {
    return codec::decodeWith<SetChatMuted>(args, [](MapReader &r, SetChatMuted &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        // Required, not defaulted: a client that meant "unmute" must never mute by omission.
        // MapReader has no requireBool; requireInt on the absent key reports it missing.
        if (!r.has(L("muted")))
            r.requireInt(L("muted"));
        v.muted = r.boolOr(L("muted"), false);
        if (r.has(L("forSeconds"))) {
            v.forSeconds = r.requireInt(L("forSeconds"), kMinMuteSeconds, kMaxMuteSeconds);
            if (!v.muted)
                r.fail(ErrorCode::BadRequest,
                       QStringLiteral("'forSeconds' is for muting; unmuting takes none"));
        }
    });
}

QCborMap MutedChatsResult::toCbor() const {
    return {{L("chats"), codec::listToCbor(chats)}, {L("pts"), pts}};
}

std::optional<MutedChatsResult> MutedChatsResult::fromCbor(const QCborMap &map, QString *error) {
    MutedChatsResult result;
    if (!codec::readList(map, L("chats"), &result.chats, error))
        return std::nullopt;
    if (result.chats.size() > kMaxMutedChats) {
        if (error)
            *error = QStringLiteral("more than %1 muted chats").arg(kMaxMutedChats);
        return std::nullopt;
    }
    MapReader r(map);
    result.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, result, error);
}

Decoded<ListMutedChats> ListMutedChats::decode(const QCborValue &args) {
    return codec::decodeWith<ListMutedChats>(args, [](MapReader &, ListMutedChats &) {});
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap ChatMutedUpdate::fields() const {
    return api::ChatMute{chatId, mutedUntil}.toCbor();
}

std::optional<ChatMutedUpdate> ChatMutedUpdate::fromFields(const QCborMap &map, QString *error) {
    const std::optional<api::ChatMute> mute = api::ChatMute::fromCbor(map, error);
    if (!mute)
        return std::nullopt;
    return ChatMutedUpdate{mute->chatId, mute->mutedUntil};
}

} // namespace msgr::protocol
