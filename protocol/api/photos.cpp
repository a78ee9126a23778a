#include "protocol/api/photos.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;

namespace {

QCborValue photoValue(const Photo &photo) {
    return photo.isNone() ? QCborValue(nullptr) : QCborValue(photo.toCbor());
}

//! `photo` is required: a map to set, null to remove (so a request that forgot it does not
//! remove a photo by accident).
Photo readPhotoArgument(MapReader &r, const QCborValue &args) {
    const QCborValue value = args.toMap().value(L("photo"));
    if (value.isNull())
        return {};
    if (value.isUndefined()) {
        r.fail(ErrorCode::BadRequest, QStringLiteral("field 'photo' is missing (null removes)"));
        return {};
    }
    return readPhoto(r, L("photo")).value_or(Photo{});
}

} // namespace

bool isPhotoMime(const QString &mime) {
    return mime == L("image/jpeg") || mime == L("image/png") || mime == L("image/webp");
}

QCborMap SetProfilePhoto::toCbor() const {
    return {{L("photo"), photoValue(photo)}};
}

Decoded<SetProfilePhoto> SetProfilePhoto::decode(const QCborValue &args) {
    return codec::decodeWith<SetProfilePhoto>(
        args, [&args](MapReader &r, SetProfilePhoto &v) { v.photo = readPhotoArgument(r, args); });
}

QCborMap SetGroupPhoto::toCbor() const {
    return {{L("chatId"), chatId}, {L("photo"), photoValue(photo)}};
}

Decoded<SetGroupPhoto> SetGroupPhoto::decode(const QCborValue &args) {
    return codec::decodeWith<SetGroupPhoto>(args, [&args](MapReader &r, SetGroupPhoto &v) {
        v.chatId = r.requireInt(L("chatId"), 1);
        v.photo = readPhotoArgument(r, args);
    });
}

QCborMap SetChannelPhoto::toCbor() const {
    return {{L("channelId"), channelId}, {L("photo"), photoValue(photo)}};
}

Decoded<SetChannelPhoto> SetChannelPhoto::decode(const QCborValue &args) {
    return codec::decodeWith<SetChannelPhoto>(args, [&args](MapReader &r, SetChannelPhoto &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.photo = readPhotoArgument(r, args);
    });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {

QCborMap UserPhotoChangedUpdate::fields() const {
    QCborMap map{{api::codec::L("userId"), userId}};
    if (!photo.isNone())
        map.insert(api::codec::L("photo"), photo.toCbor());
    return map;
}

std::optional<UserPhotoChangedUpdate> UserPhotoChangedUpdate::fromFields(const QCborMap &map,
                                                                         QString *error) {
    MapReader r(map);
    UserPhotoChangedUpdate u;
    u.userId = r.requireInt(api::codec::L("userId"), 1);
    u.photo = readPhoto(r, api::codec::L("photo")).value_or(Photo{});
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return std::nullopt;
    }
    return u;
}

} // namespace msgr::protocol
