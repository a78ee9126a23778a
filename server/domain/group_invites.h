#pragma once
//! Group invite links (docs/protocol.md §20; Telegram's exportChatInvite / checkChatInvite /
//! importChatInvite). A group has at most one live link: a token of 256 random bits (libsodium)
//! of which only the BLAKE2b hash is stored, so exporting again makes a new token and kills the
//! old one. The owner and admins export and revoke; a link works only while the one who
//! exported it still manages the group (a demoted admin's or a departed one's link is dead).
//! An unknown, revoked or dead token all answer NOT_FOUND alike, by one index lookup of the
//! hash, so tokens cannot be told apart or enumerated. Joining is groups.addMembers of the
//! caller: the member limit, the block rule of §14.3 (between the joiner and the link's
//! exporter), one service message, chatChanged/newChat to every member. Thread-safe; `done`
//! runs on the store's writer thread (see units.h).
#include "protocol/api/invites.h"
#include "server/domain/groups.h"

namespace msgr::server::domain {

//! The answer to groups.exportInvite and groups.revokeInvite.
struct InviteChange {
    qint64 chatId = 0;
    QString token;                  // export: the new link's token; revoke: empty
    bool revoked = false;           // revoke: a live link was there and is gone
    std::optional<Refusal> refused; // set: nothing was written
};

class GroupInvites {
public:
    explicit GroupInvites(Store &store) : m_store(store) {}

    using ChangeDone = std::function<void(StoreResult<InviteChange>)>;

    //! NotFound when the caller is not a member (or no such chat); FORBIDDEN for a member who
    //! is not the owner or an admin; BAD_REQUEST for a chat that is not a group.
    void exportInvite(qint64 callerId, qint64 chatId, qint64 now, ChangeDone done);
    void revokeInvite(qint64 callerId, qint64 chatId, ChangeDone done);
    //! A read unit on the calling thread (the read pool): NotFound for any token that leads
    //! nowhere.
    StoreResult<protocol::api::InvitePreview> checkInvite(qint64 callerId, const QString &token);
    //! NotFound as checkInvite; LIMIT_EXCEEDED when the group is full; USER_BLOCKED as §14.3.
    void joinByInvite(qint64 callerId, const QString &token, qint64 now, Groups::Done done);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
