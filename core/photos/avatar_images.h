#pragma once
//! Profile, group and channel photos (docs/protocol.md §24) for QML's Image:
//! "image://avatar/<source>/<file id>/thumb" is the thumbnail kept with the photo in the
//! encrypted database (PhotosTable), "image://avatar/<source>/<file id>" the photo itself,
//! downloaded through the MediaService into the encrypted media cache when it is not there yet
//! and decrypted in memory. `source` names one account's store and media (several accounts
//! share one QML engine). Both are decoded capped (photo_decoding.h) on the thread pool; a
//! response that does not decode ends with an error, and the Avatar shows its letters.
//!
//! Thread affinity: urlOf()/installInto() on the GUI thread; requestImageResponse on Qt
//! Quick's threads (it only queues work to the GUI thread, which owns the store and media).
#include <QQuickAsyncImageProvider>

class QQmlEngine;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class MediaService;

inline constexpr auto kAvatarProviderId = "avatar";

class AvatarImages {
public:
    //! The URL of the photo `fileId` of the account of `store` and `media` (empty for an empty
    //! id); add "/thumb" for its thumbnail. A null `media` shows thumbnails only.
    static QString urlOf(storage::ProfileStore *store, MediaService *media, const QString &fileId);
    //! Adds the provider to `engine` once (it owns it).
    static void installInto(QQmlEngine *engine);
};

class AvatarImageProvider : public QQuickAsyncImageProvider {
public:
    QQuickImageResponse *requestImageResponse(const QString &id,
                                              const QSize &requestedSize) override;
};

} // namespace msgr::core
