#pragma once
//! Supergroups of docs/protocol.md §23: a group past 200 members, up to kMaxSupergroupMembers,
//! built on a channel's own log (§15). A supergroup is a Channel with `megagroup: true` whose
//! every member may post; its posts cost O(1) rows whatever the member count, members catch up
//! through channels.getDifference. Membership and roles follow the groups' table (groups.h):
//!   send (messages.send / channels.post), leave (channels.unsubscribe) .. every member (the
//!                                                       owner cannot leave)
//!   add (channels.addSubscribers), title (channels.edit),
//!   remove (supergroups.removeMember) ................... the owner and admins (an admin
//!                                                       cannot remove the owner or an admin)
//!   roles (channels.setRole) ............................ the owner
//!   upgrade a group (groups.upgrade) .................... the group's owner
//! Plain values, thread-safe.
#include "protocol/api/channels.h" // ChannelResult
#include "protocol/methods.h"

#include <QCborValue>

namespace msgr::protocol::api {

// The bounds of docs/protocol.md §23.4.
inline constexpr int kMaxSupergroupMembers = 200'000; // members of one supergroup, all roles
inline constexpr int kMaxSupergroupCreateUsers = 199; // others named by one supergroups.create
inline constexpr int kMaxSupergroupMembersPage = 200; // members of one supergroups.members page

//! Creates a supergroup with the caller as owner; randomId makes a retry return the same one.
struct CreateSupergroup {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::SupergroupsCreate;
    qint64 randomId = 0;   // ≠ 0
    QString title;         // 1..kMaxChannelTitleChars, not only blanks (trimmed)
    QList<qint64> userIds; // the others, 0..kMaxSupergroupCreateUsers; the caller is added
    QString name{};        // optional @name (lower case): a public supergroup (§23.7)

    QCborMap toCbor() const;
    static Decoded<CreateSupergroup> decode(const QCborValue &args);
    friend bool operator==(const CreateSupergroup &, const CreateSupergroup &) = default;
};

//! Removes a member (not the caller: that is channels.unsubscribe). A non-member: unchanged.
struct RemoveSupergroupMember {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::SupergroupsRemoveMember;
    qint64 chatId = 0; // ≥ 1
    qint64 userId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<RemoveSupergroupMember> decode(const QCborValue &args);
    friend bool operator==(const RemoveSupergroupMember &,
                           const RemoveSupergroupMember &) = default;
};

//! Upgrades a group to a supergroup (Telegram's messages.migrateChat): its members and roles
//! move; the group gets an `upgradedTo` service message and takes no new messages. A retry
//! answers the supergroup made the first time.
struct UpgradeGroup {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsUpgrade;
    qint64 chatId = 0; // ≥ 1: the group

    QCborMap toCbor() const;
    static Decoded<UpgradeGroup> decode(const QCborValue &args);
    friend bool operator==(const UpgradeGroup &, const UpgradeGroup &) = default;
};

//! One member of a supergroup as supergroups.members lists it.
struct SupergroupMember {
    qint64 userId = 0;                          // ≥ 1
    ChannelRole role = ChannelRole::Subscriber; // "subscriber" is a plain member
    qint64 joinedAt = 0;

    QCborMap toCbor() const;
    static std::optional<SupergroupMember> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SupergroupMember &, const SupergroupMember &) = default;
};

struct SupergroupMembersResult {
    QList<SupergroupMember> members; // ascending by user id
    bool final = true;               // false: ask again after the last member's user id

    QCborMap toCbor() const;
    static std::optional<SupergroupMembersResult> fromCbor(const QCborMap &map,
                                                           QString *error = nullptr);
    friend bool operator==(const SupergroupMembersResult &,
                           const SupergroupMembersResult &) = default;
};

//! One page of a supergroup's members with their roles, ascending by user id (a cursor, so a
//! page costs the same at member 100 as at member 199,900). Members only: NOT_FOUND otherwise.
struct GetSupergroupMembers {
    using Result = SupergroupMembersResult;
    static constexpr QLatin1StringView method{"supergroups.members"};
    qint64 chatId = 0;                     // ≥ 1
    qint64 afterUserId = 0;                // ≥ 0: members with a larger user id
    int limit = kMaxSupergroupMembersPage; // 1..kMaxSupergroupMembersPage

    QCborMap toCbor() const;
    static Decoded<GetSupergroupMembers> decode(const QCborValue &args);
    friend bool operator==(const GetSupergroupMembers &, const GetSupergroupMembers &) = default;
};

} // namespace msgr::protocol::api
