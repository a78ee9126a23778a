#pragma once
//! groups.* of docs/protocol.md §5: a group chat of up to kMaxGroupMembers members with roles
//! (owner, admins, members). Every change is one chatChanged update to each member (and to a
//! member who was removed or left, once) and, for what a member sees in the history, a
//! service message (Message::action). Each answer is the chat as it is after the change and
//! the caller's pts. Plain values, thread-safe.
//!
//! Who may do what (the server refuses the rest with FORBIDDEN):
//!   send messages, leave ............................ every member
//!   add members, change the title, remove a member .. the owner and admins (an admin cannot
//!                                                     remove the owner or another admin)
//!   make a member an admin or an admin a member ..... the owner
#include "protocol/api/chats.h" // ChatResult
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

enum class GroupRole { Member, Admin, Owner };
QString groupRoleName(GroupRole role);
std::optional<GroupRole> groupRoleFromName(const QString &name);

//! Creates a group with the caller as owner. randomId makes a retry after a lost answer return
//! the same group instead of a second one (as messages.send does).
struct CreateGroup {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsCreate;
    qint64 randomId = 0;   // ≠ 0
    QString title;         // 1..kMaxGroupTitleChars
    QList<qint64> userIds; // the others, 0..kMaxGroupMembers - 1; the caller is added anyway

    QCborMap toCbor() const;
    static Decoded<CreateGroup> decode(const QCborValue &args);
    friend bool operator==(const CreateGroup &, const CreateGroup &) = default;
};

//! Adds users; those already members are skipped (a retry is harmless). LIMIT_EXCEEDED when
//! the group would pass kMaxGroupMembers, NOT_FOUND when a user does not exist.
struct AddGroupMembers {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsAddMembers;
    qint64 chatId = 0;     // ≥ 1
    QList<qint64> userIds; // 1..kMaxGroupMembers - 1

    QCborMap toCbor() const;
    static Decoded<AddGroupMembers> decode(const QCborValue &args);
    friend bool operator==(const AddGroupMembers &, const AddGroupMembers &) = default;
};

//! Removes a member (not the caller: that is groups.leave). Removing a non-member changes
//! nothing.
struct RemoveGroupMember {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsRemoveMember;
    qint64 chatId = 0; // ≥ 1
    qint64 userId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<RemoveGroupMember> decode(const QCborValue &args);
    friend bool operator==(const RemoveGroupMember &, const RemoveGroupMember &) = default;
};

//! The caller leaves. An owner who leaves hands the group to the admin who joined first, or
//! else to the member who joined first.
struct LeaveGroup {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsLeave;
    qint64 chatId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<LeaveGroup> decode(const QCborValue &args);
    friend bool operator==(const LeaveGroup &, const LeaveGroup &) = default;
};

//! Renames the group; the same title again changes nothing.
struct SetGroupTitle {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsSetTitle;
    qint64 chatId = 0; // ≥ 1
    QString title;     // 1..kMaxGroupTitleChars

    QCborMap toCbor() const;
    static Decoded<SetGroupTitle> decode(const QCborValue &args);
    friend bool operator==(const SetGroupTitle &, const SetGroupTitle &) = default;
};

//! Makes a member an admin or an admin a member (the owner's right). The owner's own role
//! cannot be set.
struct SetGroupRole {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsSetRole;
    qint64 chatId = 0;                  // ≥ 1
    qint64 userId = 0;                  // ≥ 1
    GroupRole role = GroupRole::Member; // admin or member on the wire; "owner" is refused

    QCborMap toCbor() const;
    static Decoded<SetGroupRole> decode(const QCborValue &args);
    friend bool operator==(const SetGroupRole &, const SetGroupRole &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! A chat the user is (or was, when they were removed or left) a member of changed: its title,
//! members or roles. Carries the whole chat as it is now, so applying it twice or late is
//! harmless. Listed in the Update variant (protocol/updates.h).
struct ChatChangedUpdate {
    static constexpr QLatin1StringView type{"chatChanged"};
    Chat chat;
    QCborMap fields() const;
    static std::optional<ChatChangedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ChatChangedUpdate &, const ChatChangedUpdate &) = default;
};

} // namespace msgr::protocol
