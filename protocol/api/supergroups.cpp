#include "protocol/api/supergroups.h"

#include "protocol/api/auth.h" // isValidUsername
#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <algorithm>

namespace msgr::protocol::api {
using codec::L;

QCborMap CreateSupergroup::toCbor() const {
    QCborMap map{
        {L("randomId"), randomId}, {L("title"), title}, {L("userIds"), codec::intsToCbor(userIds)}};
    if (!name.isEmpty())
        map.insert(L("name"), name);
    return map;
}

Decoded<CreateSupergroup> CreateSupergroup::decode(const QCborValue &args) {
    auto d = codec::decodeWith<CreateSupergroup>(args, [](MapReader &r, CreateSupergroup &v) {
        v.randomId = r.requireInt(L("randomId"));
        v.title = r.requireString(L("title"), 1, kMaxChannelTitleChars).trimmed();
        v.userIds = r.requireIntArray(L("userIds"), 0, kMaxSupergroupCreateUsers);
        // Long input is TOO_LARGE; anything else outside the rule is USERNAME_INVALID below.
        if (r.has(L("name")))
            v.name = r.requireString(L("name"), 1, kMaxUsernameChars).toLower();
    });
    if (d.ok() && !d.value->name.isEmpty() && !isValidUsername(d.value->name))
        return Decoded<CreateSupergroup>::failed(
            ErrorCode::UsernameInvalid,
            QStringLiteral("a supergroup name has 3..32 characters of a-z, 0-9 and _, starting "
                           "with a letter (capitals are folded)"));
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

QCborMap SupergroupMember::toCbor() const {
    return {{L("userId"), userId}, {L("role"), channelRoleName(role)}, {L("joinedAt"), joinedAt}};
}

std::optional<SupergroupMember> SupergroupMember::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    SupergroupMember m;
    m.userId = r.requireInt(L("userId"), 1);
    const QString role = r.requireString(L("role"), 1, 16);
    m.joinedAt = r.requireInt(L("joinedAt"), 0);
    if (const std::optional<ChannelRole> known = channelRoleFromName(role))
        m.role = *known;
    else if (r.ok())
        r.fail(ErrorCode::BadRequest, QStringLiteral("unknown role"));
    return codec::finish(r, m, error);
}

QCborMap SupergroupMembersResult::toCbor() const {
    return {{L("members"), codec::listToCbor(members)}, {L("final"), final}};
}

std::optional<SupergroupMembersResult> SupergroupMembersResult::fromCbor(const QCborMap &map,
                                                                         QString *error) {
    SupergroupMembersResult result;
    if (!codec::readList(map, L("members"), &result.members, error))
        return std::nullopt;
    MapReader r(map);
    result.final = r.boolOr(L("final"), true);
    return codec::finish(r, std::move(result), error);
}

QCborMap GetSupergroupMembers::toCbor() const {
    return {{L("chatId"), chatId}, {L("afterUserId"), afterUserId}, {L("limit"), limit}};
}

Decoded<GetSupergroupMembers> GetSupergroupMembers::decode(const QCborValue &args) {
    return codec::decodeWith<GetSupergroupMembers>(args, [](MapReader &r, GetSupergroupMembers &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.afterUserId = r.intOr(L("afterUserId"), 0, 0);
        v.limit = int(r.intOr(L("limit"), kMaxSupergroupMembersPage, 1, kMaxSupergroupMembersPage));
    });
}

} // namespace msgr::protocol::api
