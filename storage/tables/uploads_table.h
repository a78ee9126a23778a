#pragma once
//! File uploads and where each stands (uploads, schema 8), written by core/media's
//! UploadManager as the server confirms parts. Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <QList>
#include <QSet>
#include <optional>

namespace msgr::storage {

struct UploadsTable {
    //! Adds a new upload (its id is ignored) and returns its local id.
    static qint64 insert(WriteTransaction &tx, const UploadRecord &record);
    //! The server created the upload: its URL, offset 0.
    static void setUploadUrl(WriteTransaction &tx, qint64 id, const QString &url);
    //! The offset the server confirmed (it may go back when the server lost a part).
    static void setConfirmedOffset(WriteTransaction &tx, qint64 id, qint64 offset);
    //! The state, and the reason when it failed (cleared otherwise).
    static void setState(WriteTransaction &tx, qint64 id, UploadState state,
                         const QString &error = {});
    //! The upload's file is still being written by its producer (migration 32: a secret file
    //! sealed while it is uploaded): only what the producer announces is sent, and the file's
    //! size and mtime are checked once it is complete (UploadManager::grow).
    static void setGrowing(WriteTransaction &tx, qint64 id);
    //! The growing file is complete: its mtime from now on.
    static void setGrown(WriteTransaction &tx, qint64 id, qint64 mtimeMs);
    //! The uploads whose file is still growing.
    static QSet<qint64> growingIds(ReadTransaction &tx);
    static void remove(WriteTransaction &tx, qint64 id);
    static std::optional<UploadRecord> load(ReadTransaction &tx, qint64 id);
    //! Oldest first.
    static QList<UploadRecord> loadAll(ReadTransaction &tx);
};

} // namespace msgr::storage
