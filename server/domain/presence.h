#pragma once
//! Presence (docs/protocol.md §17.3): a user's status as each viewer may see it, and who is
//! told when it changes. Whether a user is online is the server's memory (server/presence_hub.h),
//! passed in as a function; the last-seen time is the store's (the devices' last activity,
//! which the hub moves to the moment the last connection closed), unless memory knows a later
//! one. The privacy rules are the profiles' (Profiles::lastSeenView). Thread-safe: reads run on
//! the calling thread.
#include "protocol/api/presence.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! What the server's memory knows of a user: online now, and when they last went offline since
//! the server started (0: not since).
struct LiveState {
    bool online = false;
    qint64 offlineAt = 0;
};
using LiveStateOf = std::function<LiveState(qint64 userId)>;

//! One push: a receiver and the status as they may see it.
struct StatusPush {
    qint64 receiverId = 0;
    protocol::api::UserStatus status;
};

class Presence {
public:
    explicit Presence(Store &store) : m_store(store) {}

    //! The known users among `ids` as `viewerId` sees them at `now`, in the order asked.
    StoreResult<QList<protocol::api::UserStatus>>
    statuses(qint64 viewerId, const QList<qint64> &ids, qint64 now, const LiveStateOf &live);
    //! The pushes for a change of `subjectId`'s status: to their contacts, then the peers of
    //! their private chats (at most kMaxPresenceAudience examined), each only when `live` says
    //! they are online, and never across a block in either direction.
    StoreResult<QList<StatusPush>> pushes(qint64 subjectId, qint64 now, const LiveStateOf &live);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
