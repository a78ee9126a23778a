#include "protocol/api/profiles.h"

#include "protocol/api/auth.h" // isValidUsername
#include "protocol/api/codec.h"
#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <algorithm>
#include <array>
#include <utility>

namespace msgr::protocol::api {
using codec::idsValid;
using codec::L;
using codec::nameOf;
using codec::valueOf;

namespace {

constexpr std::array<std::pair<LastSeenPrivacy, const char *>, 3> kPrivacyNames{{
    {LastSeenPrivacy::Everybody, "everybody"},
    {LastSeenPrivacy::Contacts, "contacts"},
    {LastSeenPrivacy::Nobody, "nobody"},
}};

constexpr std::array<std::pair<LastSeenBucket, const char *>, 4> kBucketNames{{
    {LastSeenBucket::Recently, "recently"},
    {LastSeenBucket::LastWeek, "lastWeek"},
    {LastSeenBucket::LastMonth, "lastMonth"},
    {LastSeenBucket::LongAgo, "longAgo"},
}};

} // namespace

QString lastSeenPrivacyName(LastSeenPrivacy privacy) {
    return nameOf(kPrivacyNames, privacy);
}

std::optional<LastSeenPrivacy> lastSeenPrivacyFromName(const QString &name) {
    return valueOf(kPrivacyNames, name);
}

QString lastSeenBucketName(LastSeenBucket bucket) {
    return nameOf(kBucketNames, bucket);
}

std::optional<LastSeenBucket> lastSeenBucketFromName(const QString &name) {
    return valueOf(kBucketNames, name);
}

QCborMap Profile::toCbor() const {
    QCborMap map{{L("user"), user.toCbor()}, {L("about"), about}};
    if (lastSeenAt)
        map.insert(L("lastSeenAt"), *lastSeenAt);
    if (lastSeen)
        map.insert(L("lastSeen"), lastSeenBucketName(*lastSeen));
    if (privacy)
        map.insert(L("lastSeenPrivacy"), lastSeenPrivacyName(*privacy));
    if (!photo.isNone())
        map.insert(L("photo"), photo.toCbor());
    return map;
}

std::optional<Profile> Profile::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Profile p;
    const QCborMap userMap = r.requireMap(L("user"));
    p.about = r.stringOr(L("about"), {}, kMaxAboutChars);
    if (r.has(L("lastSeenAt")))
        p.lastSeenAt = r.requireInt(L("lastSeenAt"), 0);
    QString bucket, privacy;
    if (r.has(L("lastSeen")))
        bucket = r.requireString(L("lastSeen"), 1, 16);
    if (r.has(L("lastSeenPrivacy")))
        privacy = r.requireString(L("lastSeenPrivacy"), 1, 16);
    p.photo = readPhoto(r, L("photo")).value_or(Photo{});
    if (r.ok() && r.has(L("lastSeen"))) {
        p.lastSeen = lastSeenBucketFromName(bucket);
        if (!p.lastSeen)
            r.fail(ErrorCode::BadRequest, QStringLiteral("unknown lastSeen '%1'").arg(bucket));
    }
    if (r.ok() && r.has(L("lastSeenPrivacy"))) {
        p.privacy = lastSeenPrivacyFromName(privacy);
        if (!p.privacy)
            r.fail(ErrorCode::BadRequest,
                   QStringLiteral("unknown lastSeenPrivacy '%1'").arg(privacy));
    }
    if (r.ok() && p.lastSeenAt.has_value() == p.lastSeen.has_value())
        r.fail(ErrorCode::BadRequest,
               QStringLiteral("a profile has exactly one of lastSeenAt and lastSeen"));
    if (!r.ok())
        return codec::finish(r, std::move(p), error);
    std::optional<User> u = User::fromCbor(userMap, error);
    if (!u)
        return std::nullopt;
    p.user = std::move(*u);
    return p;
}

QCborMap ProfilesResult::toCbor() const {
    return {{L("profiles"), codec::listToCbor(profiles)}};
}

std::optional<ProfilesResult> ProfilesResult::fromCbor(const QCborMap &map, QString *error) {
    ProfilesResult p;
    if (!codec::readList(map, L("profiles"), &p.profiles, error))
        return std::nullopt;
    return p;
}

QCborMap ProfileResult::toCbor() const {
    return {{L("profile"), profile.toCbor()}, {L("pts"), pts}};
}

std::optional<ProfileResult> ProfileResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(L("profile"));
    ProfileResult result;
    result.pts = r.requireInt(L("pts"), 0);
    if (!r.ok())
        return codec::finish(r, std::move(result), error);
    std::optional<Profile> profile = Profile::fromCbor(inner, error);
    if (!profile)
        return std::nullopt;
    result.profile = std::move(*profile);
    return result;
}

QCborMap GetProfiles::toCbor() const {
    return {{L("ids"), codec::intsToCbor(ids)}};
}

Decoded<GetProfiles> GetProfiles::decode(const QCborValue &args) {
    auto d = codec::decodeWith<GetProfiles>(args, [](MapReader &r, GetProfiles &v) {
        v.ids = r.requireIntArray(L("ids"), 1, kMaxUsersGet);
        if (r.ok() && !idsValid(v.ids))
            r.fail(ErrorCode::BadRequest, QStringLiteral("user ids are ≥ 1"));
    });
    return d;
}

QCborMap UpdateProfile::toCbor() const {
    QCborMap map;
    if (setsDisplayName)
        map.insert(L("displayName"), displayName);
    if (setsAbout)
        map.insert(L("about"), about);
    return map;
}

Decoded<UpdateProfile> UpdateProfile::decode(const QCborValue &args) {
    return codec::decodeWith<UpdateProfile>(args, [](MapReader &r, UpdateProfile &v) {
        v.setsDisplayName = r.has(L("displayName"));
        if (v.setsDisplayName) {
            v.displayName = r.requireString(L("displayName"), 1, kMaxDisplayNameChars);
            if (r.ok() && v.displayName.trimmed().isEmpty())
                r.fail(ErrorCode::BadRequest, QStringLiteral("the display name is blank"));
        }
        v.setsAbout = r.has(L("about"));
        if (v.setsAbout)
            v.about = r.requireString(L("about"), 0, kMaxAboutChars);
        if (r.ok() && !v.setsDisplayName && !v.setsAbout)
            r.fail(ErrorCode::BadRequest,
                   QStringLiteral("give displayName, about or both to change"));
    });
}

QCborMap SetUsername::toCbor() const {
    return {{L("username"), username}};
}

Decoded<SetUsername> SetUsername::decode(const QCborValue &args) {
    auto d = codec::decodeWith<SetUsername>(args, [](MapReader &r, SetUsername &v) {
        // Long input is TOO_LARGE; anything else outside the rule is USERNAME_INVALID below.
        v.username = r.requireString(L("username"), 1, kMaxUsernameChars).toLower();
    });
    if (d.ok() && !isValidUsername(d.value->username))
        return Decoded<SetUsername>::failed(ErrorCode::UsernameInvalid,
                                            QStringLiteral("a username has 3..32 characters of "
                                                           "a-z, 0-9 and _, starting with a "
                                                           "letter (capitals are folded)"));
    return d;
}

QCborMap SetLastSeenPrivacy::toCbor() const {
    return {{L("privacy"), lastSeenPrivacyName(privacy)}};
}

Decoded<SetLastSeenPrivacy> SetLastSeenPrivacy::decode(const QCborValue &args) {
    return codec::decodeWith<SetLastSeenPrivacy>(args, [](MapReader &r, SetLastSeenPrivacy &v) {
        const QString name = r.requireString(L("privacy"), 1, 16);
        if (!r.ok())
            return;
        const std::optional<LastSeenPrivacy> named = lastSeenPrivacyFromName(name);
        if (!named)
            return r.fail(ErrorCode::BadRequest,
                          QStringLiteral("privacy is 'everybody', 'contacts' or 'nobody'"));
        v.privacy = *named;
    });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap ProfileChangedUpdate::fields() const {
    return {{api::codec::L("profile"), profile.toCbor()}};
}

std::optional<ProfileChangedUpdate> ProfileChangedUpdate::fromFields(const QCborMap &map,
                                                                     QString *error) {
    MapReader r(map);
    const QCborMap inner = r.requireMap(api::codec::L("profile"));
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    std::optional<api::Profile> profile = api::Profile::fromCbor(inner, error);
    return profile ? std::optional<ProfileChangedUpdate>(ProfileChangedUpdate{*profile})
                   : std::nullopt;
}

} // namespace msgr::protocol
