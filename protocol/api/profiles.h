#pragma once
//! profiles.* of docs/protocol.md §14: a user's profile (display name, username, "about", last
//! seen) as a given viewer may see it, and the owner's changes to it. Plain values, thread-safe.
//!
//! Last seen follows Telegram: the exact time goes to those the owner's privacy setting allows
//! (everybody, contacts, nobody); everyone else gets only a bucket ("recently", "lastWeek",
//! "lastMonth", "longAgo"), and a user the owner blocked always gets "longAgo".
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

//! Telegram's bio length for most users.
inline constexpr int kMaxAboutChars = 140;

enum class LastSeenPrivacy { Everybody, Contacts, Nobody };
QString lastSeenPrivacyName(LastSeenPrivacy privacy);
std::optional<LastSeenPrivacy> lastSeenPrivacyFromName(const QString &name);

//! How long ago, when the exact time is not the viewer's to see (docs/protocol.md §14).
enum class LastSeenBucket { Recently, LastWeek, LastMonth, LongAgo };
QString lastSeenBucketName(LastSeenBucket bucket);
std::optional<LastSeenBucket> lastSeenBucketFromName(const QString &name);

//! A user as one viewer sees them: exactly one of lastSeenAt and lastSeen is set.
struct Profile {
    User user;
    QString about;                            // 0..kMaxAboutChars
    std::optional<qint64> lastSeenAt{};       // ms since the epoch, when the viewer may see it
    std::optional<LastSeenBucket> lastSeen{}; // otherwise
    std::optional<LastSeenPrivacy> privacy{}; // only in the owner's own profile
    Photo photo{};                            // §24: the profile photo (none: absent)

    QCborMap toCbor() const;
    static std::optional<Profile> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Profile &, const Profile &) = default;
};

struct ProfilesResult {
    QList<Profile> profiles;

    QCborMap toCbor() const;
    static std::optional<ProfilesResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ProfilesResult &, const ProfilesResult &) = default;
};

//! The caller's own profile after a change, and the caller's pts.
struct ProfileResult {
    Profile profile;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<ProfileResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ProfileResult &, const ProfileResult &) = default;
};

//! Profiles by id, in the order asked; unknown ids are left out.
struct GetProfiles {
    using Result = ProfilesResult;
    static constexpr QLatin1StringView method = protocol::method::ProfilesGet;
    QList<qint64> ids; // 1..kMaxUsersGet, each ≥ 1

    QCborMap toCbor() const;
    static Decoded<GetProfiles> decode(const QCborValue &args);
    friend bool operator==(const GetProfiles &, const GetProfiles &) = default;
};

//! Changes the caller's display name and/or "about"; at least one of them. The same values
//! again change nothing.
struct UpdateProfile {
    using Result = ProfileResult;
    static constexpr QLatin1StringView method = protocol::method::ProfilesUpdate;
    // (Flags, not std::optional<QString>: GCC 12 warns falsely about the latter's destructor.)
    bool setsDisplayName = false;
    QString displayName; // 1..kMaxDisplayNameChars, not only blanks; trimmed
    bool setsAbout = false;
    QString about; // 0..kMaxAboutChars; trimmed (empty: none)

    QCborMap toCbor() const;
    static Decoded<UpdateProfile> decode(const QCborValue &args);
    friend bool operator==(const UpdateProfile &, const UpdateProfile &) = default;
};

//! Changes the caller's username. It is case-insensitive: the request may use capitals, the
//! server stores it lower case (USERNAME_INVALID outside the rules of §1 once folded,
//! USERNAME_TAKEN when another user has it). The old username is free at once.
struct SetUsername {
    using Result = ProfileResult;
    static constexpr QLatin1StringView method = protocol::method::ProfilesSetUsername;
    QString username; // folded to lower case by decode()

    QCborMap toCbor() const;
    static Decoded<SetUsername> decode(const QCborValue &args);
    friend bool operator==(const SetUsername &, const SetUsername &) = default;
};

struct SetLastSeenPrivacy {
    using Result = ProfileResult;
    static constexpr QLatin1StringView method = protocol::method::ProfilesSetLastSeenPrivacy;
    LastSeenPrivacy privacy = LastSeenPrivacy::Everybody;

    QCborMap toCbor() const;
    static Decoded<SetLastSeenPrivacy> decode(const QCborValue &args);
    friend bool operator==(const SetLastSeenPrivacy &, const SetLastSeenPrivacy &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! The user's own profile changed (on any of their devices): the whole profile as its owner
//! sees it. Listed in the Update variant (protocol/updates.h).
struct ProfileChangedUpdate {
    static constexpr QLatin1StringView type{"profileChanged"};
    api::Profile profile;
    QCborMap fields() const;
    static std::optional<ProfileChangedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ProfileChangedUpdate &, const ProfileChangedUpdate &) = default;
};

} // namespace msgr::protocol
