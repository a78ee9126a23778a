#pragma once
//! The photos table (schema 30): the current photo of each user, group and channel, as the
//! server last said (docs/protocol.md §24). Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <optional>

namespace msgr::storage {

struct PhotosTable {
    //! The subject's photo is now `photo` (none: the row goes). A change notes the chats that
    //! show it: the group's or channel's own, a user's private chats.
    static void set(WriteTransaction &tx, PhotoSubject subject, qint64 id,
                    const PhotoRecord &photo);
    //! The subject's photo (none when it has none).
    static PhotoRecord load(ReadTransaction &tx, PhotoSubject subject, qint64 id);
    //! The thumbnail stored with the photo file `fileId` (nullopt: no subject has that photo).
    static std::optional<QByteArray> thumbnailOf(ReadTransaction &tx, const QString &fileId);
};

} // namespace msgr::storage
