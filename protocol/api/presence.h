#pragma once
//! presence.get and the `userStatus` push (docs/protocol.md §17.3): "online", "last seen 5
//! minutes ago", or Telegram's coarse "last seen recently" for those the owner's privacy
//! setting (§14: profiles.setLastSeenPrivacy) does not let see the time. Pushed live, never
//! logged. Plain values, thread-safe.
#include "protocol/api/profiles.h"
#include "protocol/api/reply.h"

#include <QCborValue>
#include <QLatin1StringView>

namespace msgr::protocol::api {

//! Users one presence.get may ask about (as profiles.get).
inline constexpr int kMaxPresenceIds = 100;
//! The server pushes a user's status to others at most this often; a change inside the window
//! is pushed when it ends (the state then, nothing if it flipped back).
inline constexpr qint64 kPresencePushIntervalMs = 5'000;
//! Users examined for one push (their contacts, then the peers of their private chats); only
//! those online then receive it.
inline constexpr int kMaxPresenceAudience = 2'000;

//! A user's presence as one viewer may see it. Exactly one of: `online` true (neither time
//! set); `lastSeenAt` (offline, the exact time); `lastSeen` (a bucket: the viewer may not see
//! the time, and not whether the user is online either).
struct UserStatus {
    qint64 userId = 0;
    bool online = false;
    std::optional<qint64> lastSeenAt{};
    std::optional<LastSeenBucket> lastSeen{};

    QCborMap toCbor() const;
    static std::optional<UserStatus> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const UserStatus &, const UserStatus &) = default;
};

struct PresenceResult {
    QList<UserStatus> statuses;

    QCborMap toCbor() const;
    static std::optional<PresenceResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const PresenceResult &, const PresenceResult &) = default;
};

//! The statuses of users by id, in the order asked; unknown ids are left out. A client asks
//! when it opens a chat, then follows the pushes.
struct GetPresence {
    using Result = PresenceResult;
    // Named here, not in protocol/methods.h, so adding it did not rebuild every file.
    static constexpr QLatin1StringView method{"presence.get"};
    QList<qint64> userIds; // 1..kMaxPresenceIds, each ≥ 1

    QCborMap toCbor() const;
    static Decoded<GetPresence> decode(const QCborValue &args);
    friend bool operator==(const GetPresence &, const GetPresence &) = default;
};

//! This connection's device is in use (`online` true, the default of a new connection) or idle
//! (false: the app is in the background), as Telegram's account.updateStatus. A user is online
//! while at least one of their connections is authenticated and not idle. `{}` once applied.
struct SetPresence {
    using Result = Empty;
    static constexpr QLatin1StringView method{"presence.set"};
    bool online = true;

    QCborMap toCbor() const;
    static Decoded<SetPresence> decode(const QCborValue &args);
    friend bool operator==(const SetPresence &, const SetPresence &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! Pushed (an `upd` frame without pts) to the live connections of those who share a private
//! chat with the user or have them as a contact: the user's status changed (as that receiver
//! may see it). Not part of any update log.
struct UserStatusUpdate {
    static constexpr QLatin1StringView type{"userStatus"};
    api::UserStatus status;
    QCborMap fields() const { return status.toCbor(); }
    static std::optional<UserStatusUpdate> fromFields(const QCborMap &map, QString *error);
    //! The whole `u` map of the push (`type` and the fields).
    QCborMap toCbor() const;
    friend bool operator==(const UserStatusUpdate &, const UserStatusUpdate &) = default;
};

} // namespace msgr::protocol
