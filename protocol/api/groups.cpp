#include "protocol/api/groups.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <algorithm>

namespace msgr::protocol::api {
using codec::checked;
using codec::idsValid;
using codec::L;

namespace {

bool titleValid(const QString &title) {
    return !title.trimmed().isEmpty();
}

} // namespace

QString groupRoleName(GroupRole role) {
    switch (role) {
    case GroupRole::Member:
        return QStringLiteral("member");
    case GroupRole::Admin:
        return QStringLiteral("admin");
    case GroupRole::Owner:
        return QStringLiteral("owner");
    }
    return QStringLiteral("member");
}

std::optional<GroupRole> groupRoleFromName(const QString &name) {
    for (GroupRole r : {GroupRole::Member, GroupRole::Admin, GroupRole::Owner}) {
        if (groupRoleName(r) == name)
            return r;
    }
    return std::nullopt;
}

QCborMap CreateGroup::toCbor() const {
    return {
        {L("randomId"), randomId}, {L("title"), title}, {L("userIds"), codec::intsToCbor(userIds)}};
}

Decoded<CreateGroup> CreateGroup::decode(const QCborValue &args) {
    auto d = codec::decodeWith<CreateGroup>(args, [](MapReader &r, CreateGroup &v) {
        v.randomId = r.requireInt(L("randomId"));
        v.title = r.requireString(L("title"), 1, kMaxGroupTitleChars);
        v.userIds = r.requireIntArray(L("userIds"), 0, kMaxGroupMembers - 1);
    });
    const bool valid = d.ok() && d.value->randomId != 0 && titleValid(d.value->title) &&
                       idsValid(d.value->userIds);
    return checked(std::move(d), valid, "randomId must not be 0, the title not blank, ids ≥ 1");
}

QCborMap AddGroupMembers::toCbor() const {
    return {{L("chatId"), chatId}, {L("userIds"), codec::intsToCbor(userIds)}};
}

Decoded<AddGroupMembers> AddGroupMembers::decode(const QCborValue &args) {
    auto d = codec::decodeWith<AddGroupMembers>(args, [](MapReader &r, AddGroupMembers &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.userIds = r.requireIntArray(L("userIds"), 1, kMaxGroupMembers - 1);
    });
    const bool valid = d.ok() && idsValid(d.value->userIds);
    return checked(std::move(d), valid, "user ids are ≥ 1");
}

QCborMap RemoveGroupMember::toCbor() const {
    return {{L("chatId"), chatId}, {L("userId"), userId}};
}

Decoded<RemoveGroupMember> RemoveGroupMember::decode(const QCborValue &args) {
    return codec::decodeWith<RemoveGroupMember>(args, [](MapReader &r, RemoveGroupMember &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.userId = r.requireInt(L("userId"), 1);
    });
}

QCborMap LeaveGroup::toCbor() const {
    return {{L("chatId"), chatId}};
}

Decoded<LeaveGroup> LeaveGroup::decode(const QCborValue &args) {
    return codec::decodeWith<LeaveGroup>(
        args, [](MapReader &r, LeaveGroup &v) { v.chatId = r.requireInt(L("chatId"), 1); });
}

QCborMap SetGroupTitle::toCbor() const {
    return {{L("chatId"), chatId}, {L("title"), title}};
}

Decoded<SetGroupTitle> SetGroupTitle::decode(const QCborValue &args) {
    auto d = codec::decodeWith<SetGroupTitle>(args, [](MapReader &r, SetGroupTitle &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.title = r.requireString(L("title"), 1, kMaxGroupTitleChars);
    });
    const bool valid = d.ok() && titleValid(d.value->title);
    return checked(std::move(d), valid, "the title is blank");
}

QCborMap SetGroupRole::toCbor() const {
    return {{L("chatId"), chatId}, {L("userId"), userId}, {L("role"), groupRoleName(role)}};
}

Decoded<SetGroupRole> SetGroupRole::decode(const QCborValue &args) {
    QString roleName;
    auto d = codec::decodeWith<SetGroupRole>(args, [&roleName](MapReader &r, SetGroupRole &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.userId = r.requireInt(L("userId"), 1);
        roleName = r.requireString(L("role"), 1, 16);
    });
    if (!d.ok())
        return d;
    const std::optional<GroupRole> role = groupRoleFromName(roleName);
    // The owner is who created the group or inherited it; it is never handed over by this call.
    if (!role || *role == GroupRole::Owner)
        return Decoded<SetGroupRole>::failed(ErrorCode::BadRequest,
                                             QStringLiteral("role is 'admin' or 'member'"));
    d.value->role = *role;
    return d;
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap ChatChangedUpdate::fields() const {
    return {{api::codec::L("chat"), chat.toCbor()}};
}

std::optional<ChatChangedUpdate> ChatChangedUpdate::fromFields(const QCborMap &map,
                                                               QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(api::codec::L("chat"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<Chat> chat = Chat::fromCbor(inner, error);
    return chat ? std::optional<ChatChangedUpdate>(ChatChangedUpdate{*chat}) : std::nullopt;
}

} // namespace msgr::protocol
