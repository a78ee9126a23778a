#pragma once
//! The photos of docs/protocol.md §24: a user's profile photo, a group's and a channel's (or
//! supergroup's). Each is a finished upload of the caller's (§9) that is an image of at most
//! kMaxPhotoBytes, with an optional inline thumbnail; `photo: null` removes it. Plain values,
//! thread-safe.
//!
//! Who may set or remove which (the server refuses the rest with FORBIDDEN):
//!   profile photo ..................... its owner
//!   group photo ....................... the owner and admins (as the title; a group service
//!                                       message tells the members)
//!   channel or supergroup photo ....... the owner and admins (a channelChanged in its log)
#include "protocol/api/channels.h" // ChannelResult
#include "protocol/api/chats.h"    // ChatResult
#include "protocol/api/profiles.h" // ProfileResult
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

//! The most users one profile photo change is logged to as userPhotoChanged (§24.4): the
//! owner's contacts first, then the peers of their private chats; beyond it, others read the
//! photo with profiles.get when they show the profile.
inline constexpr int kMaxPhotoAudience = 2'000;

//! The upload types a photo may have (its tus `filetype`, §9).
bool isPhotoMime(const QString &mime);

//! Sets (or, without `photo`, removes) the caller's profile photo; the same photo again
//! changes nothing.
struct SetProfilePhoto {
    using Result = ProfileResult;
    static constexpr QLatin1StringView method = protocol::method::ProfilesSetPhoto;
    Photo photo; // none (null on the wire): remove

    QCborMap toCbor() const;
    static Decoded<SetProfilePhoto> decode(const QCborValue &args);
    friend bool operator==(const SetProfilePhoto &, const SetProfilePhoto &) = default;
};

//! Sets or removes a group's photo: a photoChanged / photoRemoved service message.
struct SetGroupPhoto {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::GroupsSetPhoto;
    qint64 chatId = 0; // ≥ 1
    Photo photo;       // none: remove

    QCborMap toCbor() const;
    static Decoded<SetGroupPhoto> decode(const QCborValue &args);
    friend bool operator==(const SetGroupPhoto &, const SetGroupPhoto &) = default;
};

//! Sets or removes a channel's (or supergroup's) photo: a channelChanged in its log.
struct SetChannelPhoto {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsSetPhoto;
    qint64 channelId = 0; // ≥ 1
    Photo photo;          // none: remove

    QCborMap toCbor() const;
    static Decoded<SetChannelPhoto> decode(const QCborValue &args);
    friend bool operator==(const SetChannelPhoto &, const SetChannelPhoto &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! Another user's profile photo changed (§24.4): logged to those who may see that user's
//! profile and know them (contacts, private-chat peers; not a user the owner blocked). Listed
//! in the Update variant (protocol/updates.h).
struct UserPhotoChangedUpdate {
    static constexpr QLatin1StringView type{"userPhotoChanged"};
    qint64 userId = 0; // ≥ 1
    Photo photo;       // none (no `photo` key): removed
    QCborMap fields() const;
    static std::optional<UserPhotoChangedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const UserPhotoChangedUpdate &,
                           const UserPhotoChangedUpdate &) = default;
};

} // namespace msgr::protocol
