#include "protocol/api/supergroups.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

#include <algorithm>

namespace msgr::protocol::api {
using codec::L;

QCborMap CreateSupergroup::toCbor() const {
    return {
        {L("randomId"), randomId}, {L("title"), title}, {L("userIds"), codec::intsToCbor(userIds)}};
}

Decoded<CreateSupergroup> CreateSupergroup::decode(const QCborValue &args) {
    auto d = codec::decodeWith<CreateSupergroup>(args, [](MapReader &r, CreateSupergroup &v) {
        v.randomId = r.requireInt(L("randomId"));
        v.title = r.requireString(L("title"), 1, kMaxChannelTitleChars).trimmed();
        v.userIds = r.requireIntArray(L("userIds"), 0, kMaxSupergroupCreateUsers);
    });
    const bool valid = !d.ok() || (d.value->randomId != 0 && !d.value->title.isEmpty() &&
                                   std::all_of(d.value->userIds.begin(), d.value->userIds.end(),
                                               [](qint64 id) { return id >= 1; }));
    if (!valid)
        return Decoded<CreateSupergroup>::failed(
            ErrorCode::BadRequest,
            QStringLiteral("randomId must not be 0, the title not blank, ids ≥ 1"));
    return d;
}

QCborMap RemoveSupergroupMember::toCbor() const {
    return {{L("chatId"), chatId}, {L("userId"), userId}};
}

Decoded<RemoveSupergroupMember> RemoveSupergroupMember::decode(const QCborValue &args) {
    return codec::decodeWith<RemoveSupergroupMember>(args,
                                                     [](MapReader &r, RemoveSupergroupMember &v) {
                                                         v.chatId = r.requireInt(L("chatId"), 1);
                                                         v.userId = r.requireInt(L("userId"), 1);
                                                     });
}

QCborMap UpgradeGroup::toCbor() const {
    return {{L("chatId"), chatId}};
}

Decoded<UpgradeGroup> UpgradeGroup::decode(const QCborValue &args) {
    return codec::decodeWith<UpgradeGroup>(
        args, [](MapReader &r, UpgradeGroup &v) { v.chatId = r.requireInt(L("chatId"), 1); });
}

} // namespace msgr::protocol::api
