#include "protocol/api/presence.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

#include <algorithm>

namespace msgr::protocol::api {
using codec::L;

QCborMap UserStatus::toCbor() const {
    QCborMap map{{L("userId"), userId}, {L("online"), online}};
    if (lastSeenAt)
        map.insert(L("lastSeenAt"), *lastSeenAt);
    if (lastSeen)
        map.insert(L("lastSeen"), lastSeenBucketName(*lastSeen));
    return map;
}

std::optional<UserStatus> UserStatus::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    UserStatus s;
    s.userId = r.requireInt(L("userId"), 1);
    if (!r.has(L("online")))
        r.requireInt(L("online")); // reports it missing (MapReader has no requireBool)
    s.online = r.boolOr(L("online"), false);
    if (r.has(L("lastSeenAt")))
        s.lastSeenAt = r.requireInt(L("lastSeenAt"), 0);
    QString bucket;
    if (r.has(L("lastSeen")))
        bucket = r.requireString(L("lastSeen"), 1, 16);
    if (r.ok() && r.has(L("lastSeen"))) {
        s.lastSeen = lastSeenBucketFromName(bucket);
        if (!s.lastSeen)
            r.fail(ErrorCode::BadRequest, QStringLiteral("unknown lastSeen '%1'").arg(bucket));
    }
    const int given = int(s.online) + int(s.lastSeenAt.has_value()) + int(s.lastSeen.has_value());
    if (r.ok() && given != 1)
        r.fail(ErrorCode::BadRequest,
               QStringLiteral("a status is exactly one of online, lastSeenAt and lastSeen"));
    return codec::finish(r, s, error);
}

QCborMap PresenceResult::toCbor() const {
    return {{L("statuses"), codec::listToCbor(statuses)}};
}

std::optional<PresenceResult> PresenceResult::fromCbor(const QCborMap &map, QString *error) {
    PresenceResult p;
    if (!codec::readList(map, L("statuses"), &p.statuses, error))
        return std::nullopt;
    return p;
}

QCborMap GetPresence::toCbor() const {
    return {{L("userIds"), codec::intsToCbor(userIds)}};
}

Decoded<GetPresence> GetPresence::decode(const QCborValue &args) {
    return codec::decodeWith<GetPresence>(args, [](MapReader &r, GetPresence &v) {
        v.userIds = r.requireIntArray(L("userIds"), 1, kMaxPresenceIds);
        if (r.ok() &&
            !std::all_of(v.userIds.begin(), v.userIds.end(), [](qint64 id) { return id >= 1; }))
            r.fail(ErrorCode::BadRequest, QStringLiteral("user ids are ≥ 1"));
    });
}

QCborMap SetPresence::toCbor() const {
    return {{L("online"), online}};
}

Decoded<SetPresence> SetPresence::decode(const QCborValue &args) {
    return codec::decodeWith<SetPresence>(args, [](MapReader &r, SetPresence &v) {
        // Required: an idle device must never look in use by omission, nor the reverse.
        if (!r.has(L("online")))
            r.requireInt(L("online")); // reports it missing
        v.online = r.boolOr(L("online"), true);
    });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap UserStatusUpdate::toCbor() const {
    QCborMap map = fields();
    map.insert(api::codec::L("type"), type);
    return map;
}

std::optional<UserStatusUpdate> UserStatusUpdate::fromFields(const QCborMap &map, QString *error) {
    std::optional<api::UserStatus> status = api::UserStatus::fromCbor(map, error);
    if (!status)
        return std::nullopt;
    return UserStatusUpdate{*status};
}

} // namespace msgr::protocol
