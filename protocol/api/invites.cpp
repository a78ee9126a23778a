#include "protocol/api/invites.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;

QCborMap InviteLinkResult::toCbor() const {
    return {{L("chatId"), chatId}, {L("token"), token}};
}

std::optional<InviteLinkResult> InviteLinkResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    InviteLinkResult result;
    result.chatId = r.requireInt(L("chatId"), 1);
    result.token = r.requireString(L("token"), 1, kMaxInviteTokenChars);
    return codec::finish(r, std::move(result), error);
}

QCborMap ExportInvite::toCbor() const {
    return {{L("chatId"), chatId}};
}

Decoded<ExportInvite> ExportInvite::decode(const QCborValue &args) {
    return codec::decodeWith<ExportInvite>(
        args, [](MapReader &r, ExportInvite &v) { v.chatId = r.requireInt(L("chatId"), 1); });
}

QCborMap RevokeInvite::toCbor() const {
    return {{L("chatId"), chatId}};
}

Decoded<RevokeInvite> RevokeInvite::decode(const QCborValue &args) {
    return codec::decodeWith<RevokeInvite>(
        args, [](MapReader &r, RevokeInvite &v) { v.chatId = r.requireInt(L("chatId"), 1); });
}

QCborMap InvitePreview::toCbor() const {
    QCborMap map{{L("title"), title}, {L("memberCount"), memberCount}, {L("member"), member}};
    if (member)
        map.insert(L("chatId"), chatId);
    return map;
}

std::optional<InvitePreview> InvitePreview::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    InvitePreview preview;
    preview.title = r.requireString(L("title"), 1, kMaxGroupTitleChars);
    preview.memberCount = r.requireInt(L("memberCount"), 0);
    preview.member = r.boolOr(L("member"), false);
    // A member's preview names the chat; anyone else's does not (a chatId there is ignored).
    if (preview.member)
        preview.chatId = r.requireInt(L("chatId"), 1);
    return codec::finish(r, std::move(preview), error);
}

QCborMap CheckInvite::toCbor() const {
    return {{L("token"), token}};
}

Decoded<CheckInvite> CheckInvite::decode(const QCborValue &args) {
    return codec::decodeWith<CheckInvite>(args, [](MapReader &r, CheckInvite &v) {
        v.token = r.requireString(L("token"), 1, kMaxInviteTokenChars);
    });
}

QCborMap JoinByInvite::toCbor() const {
    return {{L("token"), token}};
}

Decoded<JoinByInvite> JoinByInvite::decode(const QCborValue &args) {
    return codec::decodeWith<JoinByInvite>(args, [](MapReader &r, JoinByInvite &v) {
        v.token = r.requireString(L("token"), 1, kMaxInviteTokenChars);
    });
}

} // namespace msgr::protocol::api
