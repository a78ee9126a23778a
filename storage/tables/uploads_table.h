#pragma once
//! File uploads and where each stands (uploads, schema 8), written by core/media's
//! UploadManager as the server confirms parts. Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <QList>
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
    //! A growing file is complete (UploadRecord::growing): its mtime from now on.
    static void setGrown(WriteTransaction &tx, qint64 id, qint64 mtimeMs);
    static void remove(WriteTransaction &tx, qint64 id);
    static std::optional<UploadRecord> load(ReadTransaction &tx, qint64 id);
    //! Oldest first.
    static QList<UploadRecord> loadAll(ReadTransaction &tx);
};

} // namespace msgr::storage
