#pragma once
//! File downloads into the media cache and where each stands (downloads, schema 11), written
//! by core/media's DownloadManager as the cache file is committed. Storage thread only (inside
//! a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <QList>
#include <optional>

namespace msgr::storage {

struct DownloadsTable {
    //! Adds a new download (its id is ignored) and returns its local id.
    static qint64 insert(WriteTransaction &tx, const DownloadRecord &record);
    //! Where the cache file stands: ETag, size, committed bytes and the stream's state.
    static void setProgress(WriteTransaction &tx, const DownloadRecord &record);
    //! The state, and the reason when it failed (cleared otherwise).
    static void setState(WriteTransaction &tx, qint64 id, DownloadState state,
                         const QString &error = {});
    static void remove(WriteTransaction &tx, qint64 id);
    static std::optional<DownloadRecord> load(ReadTransaction &tx, qint64 id);
    static std::optional<DownloadRecord> findByFileId(ReadTransaction &tx, const QString &fileId);
    //! Oldest first.
    static QList<DownloadRecord> loadAll(ReadTransaction &tx);
};

} // namespace msgr::storage
