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
//! Invite links and read lists (docs/protocol.md §20, §21) go the same way: joining by a link
//! answers the group like any groups.* call (GroupRequest); exporting, revoking and checking a
//! link and a message's read list answer something else (GroupQuery, GroupAnswer).
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/net/request_channel.h"
#include "protocol/api/groups.h"
#include "protocol/api/invites.h"
#include "protocol/api/readers.h"

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
using GroupRequest =
    std::variant<api::CreateGroup, api::AddGroupMembers, api::RemoveGroupMember, api::LeaveGroup,
                 api::SetGroupTitle, api::SetGroupRole, api::JoinByInvite>;

//! One request about a group that answers something else than the group (§20, §21).
using GroupQuery =
    std::variant<api::ExportInvite, api::RevokeInvite, api::CheckInvite, api::GetMessageReaders>;

//! How a groups.* call ended.
struct GroupOutcome {
    qint64 chatId = 0;       //!< the group (the new one after a create); 0 when refused
    QString code;            //!< empty: done; else the server's error code, or OFFLINE
    QString message;         //!< why not, for the user
    qint64 retryAfterMs = 0; //!< FLOOD_WAIT (a join by link): when to try again
    bool ok() const { return code.isEmpty(); }
    static GroupOutcome refused(const QString &code, const QString &message,
                                qint64 retryAfterMs = 0) {
        GroupOutcome o;
        o.code = code;
        o.message = message;
        o.retryAfterMs = retryAfterMs;
        return o;
    }
};

//! How a GroupQuery ended; the field of the query's kind is filled on success.
struct GroupAnswer {
    QString code;               //!< empty: done; else the server's error code, or OFFLINE
    QString message;            //!< why not, for the user
    qint64 retryAfterMs = 0;    //!< FLOOD_WAIT: when to try again
    QString token;              //!< ExportInvite: the new link's token (a secret: never logged)
    api::InvitePreview preview; //!< CheckInvite
    QList<api::MessageReader> readers; //!< GetMessageReaders
    bool ok() const { return code.isEmpty(); }
    static GroupAnswer refused(const QString &code, const QString &message,
                               qint64 retryAfterMs = 0) {
        GroupAnswer a;
        a.code = code;
        a.message = message;
        a.retryAfterMs = retryAfterMs;
        return a;
    }
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

    using AnswerDone = std::function<void(const GroupAnswer &answer)>;
    //! Sends `query`; `done` runs once with the answer (at once with OFFLINE when not
    //! connected). A read list's members are fetched into the user directory for their names.
    void query(const GroupQuery &query, AnswerDone done);

    //! The words of an OFFLINE refusal.
    static QString offlineMessage();

private:
    template <typename Request> void send(const Request &request, Done done);
    void stored(const api::ChatResult &result, Done done);
    template <typename Request> void ask(const Request &request, AnswerDone done);
    void answered(const api::InviteLinkResult &result, GroupAnswer &answer) const;
    void answered(const api::Empty &result, GroupAnswer &answer) const;
    void answered(const api::InvitePreview &result, GroupAnswer &answer) const;
    void answered(const api::ReadersResult &result, GroupAnswer &answer) const;

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
    UserDirectory *m_users;
};

} // namespace msgr::core
