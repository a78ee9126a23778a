#pragma once
//! Supergroups (docs/protocol.md §23): groups past 200 members, up to
//! protocol::api::kMaxSupergroupMembers, on a channel's own log. A supergroup is a channel row
//! marked megagroup; what channels already do (post, add, leave, edit, roles, difference,
//! history) serves it through Channels, which lets every member post in one. Here: what only a
//! supergroup has: creation with members, removing a member (the groups' role table), and
//! upgrading a group (its members and roles move; the group points at the supergroup and takes
//! no new messages).
//!
//! Thread-safe; writes go through Channels::change so the channel-log cache sees them in
//! commit order (see channels.h).
#include "protocol/api/supergroups.h"
#include "server/domain/channels.h"

namespace msgr::server::domain {

//! One page of supergroups.members; a refusal (a broadcast channel) is a typed error.
struct MembersPage {
    QList<protocol::api::SupergroupMember> members;
    bool final = true;
    std::optional<Refusal> refusal;
};

class Supergroups {
public:
    Supergroups(Store &store, Channels &channels) : m_store(store), m_channels(channels) {}

    using Done = Channels::Done;

    //! The caller owns it; `userIds` are members. NotFound when one of them does not exist,
    //! USER_BLOCKED / LIMIT_EXCEEDED (refused) as channels.addSubscribers. A retry with the
    //! same randomId answers the supergroup created the first time. `name` (lower case, checked
    //! by the protocol) makes it public; USERNAME_TAKEN when a channel or supergroup has it.
    void create(qint64 callerId, qint64 randomId, const QString &title,
                const QList<qint64> &userIds, const QString &name, qint64 now, Done done);
    //! A page of members after `afterUserId`, ascending by user id, with their roles. Members
    //! only (NotFound otherwise, as every method of a supergroup one is not in); BAD_REQUEST
    //! (refused) for a broadcast channel.
    StoreResult<MembersPage> members(qint64 viewerId, qint64 chatId, qint64 afterUserId, int limit);
    //! Owner: anyone but themselves; admin: plain members only; others FORBIDDEN.
    void removeMember(qint64 callerId, qint64 chatId, qint64 userId, qint64 now, Done done);
    //! The group's owner only. A group already upgraded answers its supergroup.
    void upgrade(qint64 callerId, qint64 groupId, qint64 now, Done done);

private:
    Store &m_store;
    Channels &m_channels;
};

} // namespace msgr::server::domain
