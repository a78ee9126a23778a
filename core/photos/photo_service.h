#pragma once
//! Sets or removes a profile, group or channel photo (docs/protocol.md §24.2:
//! profiles.setPhoto, groups.setPhoto, channels.setPhoto) and stores what the server answers
//! (the profile's photo, the group's or channel's object) before reporting, so the avatars
//! follow at once; the members' and subscribers' copies follow from their update logs.
//!
//! Thread affinity: the engine's network thread (composed by SyncEngine).
#include "protocol/objects.h"
#include "storage/records.h"

#include <QObject>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class RequestChannel;

//! Whose photo a setPhoto call changes.
enum class PhotoTarget { Profile, Group, Channel };

class PhotoService : public QObject {
    Q_OBJECT
public:
    //! `code` empty on success; else the server's error code (FORBIDDEN, NOT_FOUND,
    //! TOO_LARGE, BAD_REQUEST) or OFFLINE, and its message.
    using Done = std::function<void(const QString &code, const QString &message)>;

    PhotoService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! `id`: the group's or channel's chat id (ignored for the profile); `photo` none removes.
    void setPhoto(PhotoTarget target, qint64 id, const protocol::Photo &photo, Done done);

private:
    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
};

} // namespace msgr::core
