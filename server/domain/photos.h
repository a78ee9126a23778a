#pragma once
//! Photos (docs/protocol.md §24): which file may become a profile, group or channel photo, the
//! owner's change of their profile photo, and who may download a photo. The group and channel
//! changes are the Groups' and Channels' (their roles decide who may), over the checks here.
//! Thread-safe: `photoReadable` runs inside the caller's unit; a write's `done` runs on the
//! store's writer thread (see units.h).
#include "server/domain/profiles.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! Why `photo` cannot be the caller's photo (nullopt: it can): NOT_FOUND for a file that is
//! not the caller's upload (alike for one that does not exist, so ids cannot be probed),
//! BAD_REQUEST for one unfinished or not an image type (api::isPhotoMime), TOO_LARGE past
//! kMaxPhotoBytes.
std::optional<Refusal> photoFileRefusal(RecordReader &records, qint64 callerId,
                                        const protocol::Photo &photo);

//! True when `fileId` is or was the photo of a user `userId` may see (anyone the owner has
//! not blocked), of a group `userId` is a member of, or of a channel `userId` may read (a
//! subscriber, or anyone for a public one). The rule of GET /files for photos.
bool photoReadable(RecordReader &records, const QString &fileId, qint64 userId);

//! The store's photo as the wire carries it.
protocol::Photo wirePhoto(const std::optional<PhotoRecord> &record);
std::optional<PhotoRecord> storedPhoto(const protocol::Photo &photo);

struct ProfilePhotoChange {
    ProfileChange change;
    std::optional<Refusal> refused; // set: nothing was written
};

class Photos {
public:
    explicit Photos(Store &store) : m_store(store) {}

    using Done = std::function<void(StoreResult<ProfilePhotoChange>)>;
    //! Sets (none: removes) the caller's profile photo; one profileChanged to the owner, as
    //! every profile change, and a userPhotoChanged to each of the owner's contacts and
    //! private-chat peers the owner has not blocked (at most kMaxPhotoAudience; others read it
    //! with profiles.get). The same photo again changes nothing.
    void setProfilePhoto(qint64 userId, const protocol::Photo &photo, qint64 now, Done done);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
