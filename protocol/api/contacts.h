#pragma once
//! contacts.* of docs/protocol.md §14: invitations by username (pending, then accepted or
//! denied), the mutual contact list, and blocking. Every change is logged to both users as one
//! contactChanged update each (their own view of the pair), so their other devices follow; a
//! block is logged to the blocker alone (blockedChanged). Plain values, thread-safe.
#include "protocol/api/profiles.h"
#include "protocol/api/reply.h"
#include "protocol/methods.h"

#include <QCborValue>

namespace msgr::protocol::api {

// The bounds of docs/protocol.md §14.3.
inline constexpr int kMaxContacts = 1000;       // mutual contacts per user
inline constexpr int kMaxOutgoingInvites = 50;  // pending invitations a user has sent
inline constexpr int kMaxIncomingInvites = 200; // pending invitations a user may receive
inline constexpr int kMaxBlockedUsers = 10'000; // users one user has blocked
inline constexpr int kMaxContactsPage = 100;    // entries of one contacts.list page
inline constexpr qint64 kDeniedInviteCooloffMs = qint64(30) * 24 * 3600 * 1000; // 30 days
inline constexpr qint64 kCancelledInviteCooloffMs = qint64(3600) * 1000;        // 1 hour

//! Where the pair stands, as one of its two users sees it.
enum class ContactStatus {
    None,     // nothing between them (or an invitation this user denied or that was cancelled)
    Outgoing, // this user invited the other; pending
    Incoming, // the other invited this user; pending
    Denied,   // this user's invitation was denied (it may be sent again after the cool-off)
    Contact,  // accepted: contacts of each other
};
QString contactStatusName(ContactStatus status);
std::optional<ContactStatus> contactStatusFromName(const QString &name);

//! One user of the caller's contacts or invitations.
struct ContactEntry {
    Profile profile; // as the caller may see it
    ContactStatus status = ContactStatus::None;
    qint64 since = 0;   // when the status began (ms since the epoch; 0 for none)
    qint64 retryAt = 0; // denied: when the invitation may be sent again; 0 otherwise

    QCborMap toCbor() const;
    static std::optional<ContactEntry> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ContactEntry &, const ContactEntry &) = default;
};

//! The pair after a change, and the caller's pts.
struct ContactResult {
    ContactEntry entry;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<ContactResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ContactResult &, const ContactResult &) = default;
};

//! Invites the user with this username (any case). An invitation to someone who already
//! invited the caller accepts theirs; to a contact, or again while pending, changes nothing.
struct InviteContact {
    using Result = ContactResult;
    static constexpr QLatin1StringView method = protocol::method::ContactsInvite;
    QString username; // the rule of §1 once folded to lower case (USERNAME_INVALID otherwise)

    QCborMap toCbor() const;
    static Decoded<InviteContact> decode(const QCborValue &args);
    friend bool operator==(const InviteContact &, const InviteContact &) = default;
};

//! The acts on one other user: accept or deny their pending invitation, cancel one's own,
//! remove a contact. `Tag` only tells the methods apart.
template <typename Tag> struct ContactAct {
    using Result = ContactResult;
    static constexpr QLatin1StringView method = Tag::method;
    qint64 userId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<ContactAct> decode(const QCborValue &args);
    friend bool operator==(const ContactAct &, const ContactAct &) = default;
};
struct AcceptTag {
    static constexpr QLatin1StringView method = protocol::method::ContactsAccept;
};
struct DenyTag {
    static constexpr QLatin1StringView method = protocol::method::ContactsDeny;
};
struct CancelTag {
    static constexpr QLatin1StringView method = protocol::method::ContactsCancel;
};
struct RemoveTag {
    static constexpr QLatin1StringView method = protocol::method::ContactsRemove;
};
using AcceptContact = ContactAct<AcceptTag>;
using DenyContact = ContactAct<DenyTag>;
using CancelContactInvite = ContactAct<CancelTag>;
using RemoveContact = ContactAct<RemoveTag>;

//! Which entries contacts.list pages through.
enum class ContactFilter { Contacts, Incoming, Outgoing };
QString contactFilterName(ContactFilter filter);
std::optional<ContactFilter> contactFilterFromName(const QString &name);

struct ContactsResult {
    QList<ContactEntry> entries; // ascending by user id
    bool final = true;           // false: more follow after the last entry's user id
    qint64 pts = 0;              // read before the entries (as chats.list does)

    QCborMap toCbor() const;
    static std::optional<ContactsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ContactsResult &, const ContactsResult &) = default;
};

//! One page of the caller's contacts (with their profiles), of the invitations they received
//! (pending), or of those they sent (pending or denied).
struct ListContacts {
    using Result = ContactsResult;
    static constexpr QLatin1StringView method = protocol::method::ContactsList;
    ContactFilter filter = ContactFilter::Contacts;
    qint64 afterUserId = 0;       // ≥ 0: entries with a greater user id
    int limit = kMaxContactsPage; // 1..kMaxContactsPage

    QCborMap toCbor() const;
    static Decoded<ListContacts> decode(const QCborValue &args);
    friend bool operator==(const ListContacts &, const ListContacts &) = default;
};

struct BlockResult {
    qint64 userId = 0;
    bool blocked = false;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<BlockResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const BlockResult &, const BlockResult &) = default;
};

//! Blocks or unblocks a user; the same again changes nothing.
struct SetBlocked {
    using Result = BlockResult;
    static constexpr QLatin1StringView method = protocol::method::ContactsSetBlocked;
    qint64 userId = 0; // ≥ 1, not the caller
    bool blocked = true;

    QCborMap toCbor() const;
    static Decoded<SetBlocked> decode(const QCborValue &args);
    friend bool operator==(const SetBlocked &, const SetBlocked &) = default;
};

struct BlockedResult {
    QList<User> users; // ascending by id
    bool final = true;

    QCborMap toCbor() const;
    static std::optional<BlockedResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const BlockedResult &, const BlockedResult &) = default;
};

struct ListBlocked {
    using Result = BlockedResult;
    static constexpr QLatin1StringView method = protocol::method::ContactsListBlocked;
    qint64 afterUserId = 0;       // ≥ 0
    int limit = kMaxContactsPage; // 1..kMaxContactsPage

    QCborMap toCbor() const;
    static Decoded<ListBlocked> decode(const QCborValue &args);
    friend bool operator==(const ListBlocked &, const ListBlocked &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! The pair of this user and another changed (on either side): the entry as this user sees it
//! now. Listed in the Update variant (protocol/updates.h).
struct ContactChangedUpdate {
    static constexpr QLatin1StringView type{"contactChanged"};
    api::ContactEntry entry;
    QCborMap fields() const;
    static std::optional<ContactChangedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ContactChangedUpdate &, const ContactChangedUpdate &) = default;
};

//! This user blocked or unblocked another (on any of their devices).
struct BlockedChangedUpdate {
    static constexpr QLatin1StringView type{"blockedChanged"};
    qint64 userId = 0;
    bool blocked = false;
    QCborMap fields() const;
    static std::optional<BlockedChangedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const BlockedChangedUpdate &, const BlockedChangedUpdate &) = default;
};

} // namespace msgr::protocol
