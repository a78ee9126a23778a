#pragma once
//! The partial uploads one large file is sent as (upload_parts, client migration 27; tus
//! concatenation, docs/protocol.md §9), written by core/media's UploadTransfer as the server
//! creates and confirms them. Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QHash>
#include <QList>
#include <QString>

namespace msgr::storage {

//! One partial upload: the file's bytes [begin, begin + length) and where they stand.
struct UploadPartRecord {
    qint64 uploadId = 0; //!< the uploads row
    int index = 0;       //!< its place in the final upload, from 0
    qint64 begin = 0;
    qint64 length = 0;
    QString uploadUrl; //!< empty until the server created it
    qint64 confirmed = 0;
    bool operator==(const UploadPartRecord &) const = default;
};

struct UploadPartsTable {
    //! The upload's split (replacing any before), URLs empty and nothing confirmed.
    static void setSplit(WriteTransaction &tx, qint64 uploadId,
                         const QList<UploadPartRecord> &parts);
    //! The server created part `index`: its URL, nothing confirmed.
    static void setUploadUrl(WriteTransaction &tx, qint64 uploadId, int index, const QString &url);
    static void setConfirmed(WriteTransaction &tx, qint64 uploadId, int index, qint64 confirmed);
    //! The parts are gone (consumed by the final upload, or the upload starts over).
    static void removeAll(WriteTransaction &tx, qint64 uploadId);
    //! Every upload's parts, by upload id, in order.
    static QHash<qint64, QList<UploadPartRecord>> loadAll(ReadTransaction &tx);
};

} // namespace msgr::storage
