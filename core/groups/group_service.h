#pragma once
//! What a user does to groups (groups.* of docs/protocol.md §5): create one, add and remove
//! members, leave, rename, make a member an admin or an admin a member. Each call's answer is
//! the group as it is now; it is stored at once (ChatsTable::store, the same write the
//! chatChanged update makes later, so applying both is harmless) and the members' names are
//! fetched, so the chat list and the group info page show the change without waiting for the
//! log. The service messages arrive through the log, as every member's do.
//!
//! Offline, a call is refused at once (OFFLINE), not queued: a removal or a rename that lands
//! much later, when nobody looks, would surprise more than a "try again when online". The
//! server decides who may do what; a refusal comes back with its code (FORBIDDEN, NOT_FOUND,
//! LIMIT_EXCEEDED, USER_BLOCKED...) and the server's words.
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/net/request_channel.h"
#include "protocol/api/groups.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <variant>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class UserDirectory;

//! One groups.* request (every one answers api::ChatResult).
using GroupRequest = std::variant<api::CreateGroup, api::AddGroupMembers, api::RemoveGroupMember,
                                  api::LeaveGroup, api::SetGroupTitle, api::SetGroupRole>;

//! How a groups.* call ended.
struct GroupOutcome {
    qint64 chatId = 0; //!< the group (the new one after a create); 0 when refused
    QString code;      //!< empty: done; else the server's error code, or OFFLINE
    QString message;   //!< why not, for the user
    bool ok() const { return code.isEmpty(); }
};

class GroupService : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const GroupOutcome &outcome)>;

    //! `channel`, `store` and `users` must outlive the service.
    GroupService(RequestChannel *channel, storage::ProfileStore *store, UserDirectory *users,
                 QObject *parent = nullptr);

    //! Sends `request`; `done` runs once the answer is stored (or at once when refused).
    //! A create needs a non-zero randomId chosen once by the caller: a retry with the same
    //! one answers the group created the first time.
    void run(const GroupRequest &request, Done done);

    //! The words of an OFFLINE refusal.
    static QString offlineMessage();

private:
    template <typename Request> void send(const Request &request, Done done);
    void stored(const api::ChatResult &result, Done done);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
    UserDirectory *m_users;
};

} // namespace msgr::core
