#pragma once
//! Group chats (groups.* of docs/protocol.md §5): create, add and remove members, leave,
//! rename, and the roles that decide who may do which (protocol/api/groups.h has the table).
//! A group has at most protocol::kMaxGroupMembers members, so a message's cost of one log row
//! per member stays bounded; larger groups are for a log of their own (channels).
//!
//! Every change is one store unit: the member rows, a service message for what members see in
//! the history, and for each member (and, once, for one removed or leaving) a chatChanged or
//! newChat update and the service message's newMessage. Thread-safe; `done` runs on the
//! store's writer thread (see units.h).
#include "protocol/api/groups.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! Why a change was refused with nothing written; the handler answers it as is.
struct GroupRefusal {
    protocol::ErrorCode code = protocol::ErrorCode::Forbidden;
    QString message;
};

//! The outcome of a group operation.
struct GroupChange {
    protocol::Chat chat;                 // as it is after the change
    QList<UserUpdate> updates;           // empty when nothing changed (a retry)
    qint64 callerPts = 0;                // the caller's pts after the change
    std::optional<GroupRefusal> refused; // set: nothing was written
};

class Groups {
public:
    explicit Groups(Store &store) : m_store(store) {}

    using Done = std::function<void(StoreResult<GroupChange>)>;

    //! NotFound when one of `userIds` does not exist. A retry with the same randomId answers
    //! the group created the first time.
    void create(qint64 callerId, qint64 randomId, const QString &title,
                const QList<qint64> &userIds, qint64 now, Done done);
    //! NotFound when the caller is not a member (or no such chat) or a user does not exist.
    void addMembers(qint64 callerId, qint64 chatId, const QList<qint64> &userIds, qint64 now,
                    Done done);
    void removeMember(qint64 callerId, qint64 chatId, qint64 userId, qint64 now, Done done);
    void leave(qint64 callerId, qint64 chatId, qint64 now, Done done);
    void setTitle(qint64 callerId, qint64 chatId, const QString &title, qint64 now, Done done);
    //! §24 (group_photos.cpp): as the title, the owner's and admins'; a photoChanged or
    //! photoRemoved service message. The same photo again changes nothing.
    void setPhoto(qint64 callerId, qint64 chatId, const protocol::Photo &photo, qint64 now,
                  Done done);
    //! No service message and no time: a role change is only a chatChanged, as in Telegram.
    void setRole(qint64 callerId, qint64 chatId, qint64 userId, protocol::api::GroupRole role,
                 Done done);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
