#pragma once
//! Contacts (contacts.* of docs/protocol.md §14): invitations by username that are pending
//! until the invitee accepts (both become contacts of each other) or denies; cancelling one's
//! own invitation; removing a contact; blocking. The rules and bounds live here, the store only
//! keeps rows: at most protocol::api::kMaxContacts contacts, kMaxOutgoingInvites pending
//! invitations sent and kMaxIncomingInvites received; a denied invitation may be sent again only
//! after kDeniedInviteCooloffMs, a cancelled one after kCancelledInviteCooloffMs; an invitation
//! to a user who invited the caller accepts theirs. Blocking (blocking.h) stops invitations
//! either way and turns a pending one into denied (theirs) or cancelled (the caller's).
//!
//! Every change is one store unit that logs contactChanged to both users (each with their own
//! view of the pair); a block logs blockedChanged to the blocker only. Thread-safe: reads run
//! on the calling thread; a write's `done` runs on the store's writer thread (see units.h).
#include "protocol/api/contacts.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! The outcome of a change to a pair.
struct ContactChange {
    protocol::api::ContactEntry entry; // the pair as the caller sees it after the change
    QList<UserUpdate> updates;         // empty when nothing changed (a retry)
    qint64 callerPts = 0;
    std::optional<Refusal> refused; // set: nothing was written
};

struct ContactPage {
    QList<protocol::api::ContactEntry> entries;
    bool final = true;
    qint64 pts = 0;
};

struct BlockChange {
    bool blocked = false;
    QList<UserUpdate> updates;
    qint64 callerPts = 0;
    std::optional<Refusal> refused;
};

struct BlockedPage {
    QList<protocol::User> users;
    bool final = true;
};

class Contacts {
public:
    explicit Contacts(Store &store) : m_store(store) {}

    using Done = std::function<void(StoreResult<ContactChange>)>;

    //! `username` is folded and valid. NotFound when nobody has it.
    void invite(qint64 callerId, const QString &username, qint64 now, Done done);
    //! NotFound unless `userId` has a pending invitation to the caller (a contact already:
    //! unchanged).
    void accept(qint64 callerId, qint64 userId, qint64 now, Done done);
    //! NotFound unless `userId` has a pending (or, for a retry, denied) invitation to the caller.
    void deny(qint64 callerId, qint64 userId, qint64 now, Done done);
    //! NotFound unless the caller has a pending (or, for a retry, cancelled) invitation to them.
    void cancel(qint64 callerId, qint64 userId, qint64 now, Done done);
    //! Not a contact: unchanged.
    void remove(qint64 callerId, qint64 userId, qint64 now, Done done);
    StoreResult<ContactPage> list(qint64 callerId, protocol::api::ContactFilter filter,
                                  qint64 afterUserId, int limit, qint64 now);

    //! NotFound for no such user; BAD_REQUEST for the caller themself.
    void setBlocked(qint64 callerId, qint64 userId, bool blocked, qint64 now,
                    std::function<void(StoreResult<BlockChange>)> done);
    StoreResult<BlockedPage> blocked(qint64 callerId, qint64 afterUserId, int limit);

    //! The pair (viewer, peer) as the viewer sees it at `now`; the peer must exist.
    static std::optional<protocol::api::ContactEntry>
    entryFor(RecordReader &records, qint64 viewerId, qint64 peerId, qint64 now);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
