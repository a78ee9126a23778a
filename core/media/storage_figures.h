#pragma once
//! How much disk the profile takes, by part (Settings > Storage, `msgr-cli storage`), and what
//! "Clear cache" may delete. Measured on the transfer thread (DownloadManager::measure), never
//! on the GUI thread.
#include <QMetaType>
#include <QString>

namespace msgr::core {

struct StorageFigures {
    qint64 databaseBytes = 0; //!< history.db with its journal files, and key.wrapped
    qint64 photoBytes = 0;    //!< finished downloads of images: can be cleared
    qint64 fileBytes = 0;     //!< other finished downloads: can be cleared
    //! Cache files that stay: downloads not finished (running, paused, failed), secret chats'
    //! files (kept: a secret file may be gone from the server) and files no download names.
    qint64 otherBytes = 0;
    qint64 uploadBytes = 0; //!< secret-uploads: sealed files waiting to be sent
    int clearableFiles = 0; //!< how many files "Clear cache" would delete
    qint64 clearableBytes() const { return photoBytes + fileBytes; }
    qint64 totalBytes() const {
        return databaseBytes + photoBytes + fileBytes + otherBytes + uploadBytes;
    }
};

//! What one "Clear cache" did.
struct CacheClearing {
    int files = 0;
    qint64 bytes = 0;
};

//! Adds the database's and the pending secret uploads' files of `profileDirectory` to `figures`
//! (blocking: file sizes).
void measureProfileFiles(const QString &profileDirectory, StorageFigures *figures);
//! Whether a cached download named `fileName` counts as a photo (an image, by its extension).
bool isPhotoName(const QString &fileName);

} // namespace msgr::core

Q_DECLARE_METATYPE(msgr::core::StorageFigures)
