#pragma once
//! Contacts, blocking and profiles through the server (docs/protocol.md §14): invitations by
//! username, accept / deny / cancel / remove, block / unblock, profiles.get and the user's own
//! profile edits. Every answer that changes a pair is stored at once (ContactsTable, through
//! ContactsSync), so the Contacts page follows without waiting for the contactChanged update
//! the server also logs (applying that one again changes nothing). On every authorized() it
//! fetches the whole lists (contacts.list for the three filters, contacts.listBlocked) and
//! replaces the stored rows: how a new device, or one that missed the log (tooLong), learns
//! them.
//!
//! Offline, a call is refused at once (code OFFLINE), not queued, as a pin is: each is a tap
//! the user repeats when online, and the page shows only what the server accepted.
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/net/request_channel.h"
#include "protocol/api/contacts.h"

#include <QObject>
#include <QPointer>
#include <QVariantMap>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class ContactsService : public QObject {
    Q_OBJECT
public:
    //! The acts on one other user (contacts.accept, deny, cancel, remove).
    enum class Act { Accept, Deny, Cancel, Remove };
    //! `code` empty: done; else the server's error code (USER_BLOCKED, NOT_FOUND...) or
    //! OFFLINE, and `message` says it in words.
    using Done = std::function<void(const QString &code, const QString &message)>;
    //! A profile as a map (see profileMap()), or `code` and `message` as Done's.
    using ProfileDone = std::function<void(const QVariantMap &profile, const QString &code,
                                           const QString &message)>;
    //! A user found by exact username (0 with a code when not).
    using UserDone =
        std::function<void(qint64 userId, const QString &code, const QString &message)>;

    //! What "My profile" saves: only the parts that are set change.
    struct ProfileEdit {
        bool setsDisplayName = false;
        QString displayName;
        bool setsAbout = false;
        QString about;
        bool setsUsername = false;
        QString username;
    };

    static constexpr auto kOffline = "OFFLINE";

    //! `channel` and `store` must outlive the service.
    ContactsService(RequestChannel *channel, storage::ProfileStore *store,
                    QObject *parent = nullptr);

    void invite(const QString &username, Done done);
    void act(Act act, qint64 userId, Done done);
    void setBlocked(qint64 userId, bool blocked, Done done);
    //! users.search for exactly this username (with or without '@', any case).
    void findUser(const QString &username, UserDone done);
    //! profiles.get for one user (the signed-in user's own: with the last-seen privacy).
    void getProfile(qint64 userId, ProfileDone done);
    //! The user's own profile: name and about in one call, then the username; stops at the
    //! first refusal (USERNAME_TAKEN, USERNAME_INVALID, BAD_REQUEST...).
    void updateProfile(const ProfileEdit &edit, ProfileDone done);
    //! Asks the server for the whole lists and replaces the stored rows; `done` (if given)
    //! after they are stored, or with the refusal.
    void refresh(Done done = {});

    //! A Profile as QML reads it: userId, username, displayName, about, lastSeenAt (ms, 0
    //! when only a bucket is known), lastSeen (the bucket's name or ""), privacy ("" for
    //! others).
    static QVariantMap profileMap(const protocol::api::Profile &profile);

signals:
    //! Stored rows changed (after the commit): the Contacts page reloads.
    void stored();

private:
    bool refuseOffline(const Done &done);
    void storeEntry(const protocol::api::ContactEntry &entry);
    void listPages(protocol::api::ContactFilter filter, qint64 after,
                   QList<protocol::api::ContactEntry> got,
                   std::function<void(bool ok, QList<protocol::api::ContactEntry>)> then);
    void listBlockedPages(qint64 after, QList<protocol::User> got,
                          std::function<void(bool ok, QList<protocol::User>)> then);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
};

} // namespace msgr::core
