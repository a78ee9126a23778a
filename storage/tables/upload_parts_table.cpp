#include "storage/tables/upload_parts_table.h"

namespace msgr::storage {

void UploadPartsTable::setSplit(WriteTransaction &tx, qint64 uploadId,
                                const QList<UploadPartRecord> &parts) {
    removeAll(tx, uploadId);
    for (const UploadPartRecord &part : parts)
        tx.must(tx.db()
                    .cached("INSERT INTO upload_parts(upload_id, idx, begin_offset, length) "
                            "VALUES (?1, ?2, ?3, ?4)")
                    .bind(1, uploadId)
                    .bind(2, part.index)
                    .bind(3, part.begin)
                    .bind(4, part.length)
                    .run(),
                "insert upload part");
}

void UploadPartsTable::setUploadUrl(WriteTransaction &tx, qint64 uploadId, int index,
                                    const QString &url) {
    tx.must(tx.db()
                .cached("UPDATE upload_parts SET upload_url = ?3, confirmed = 0 "
                        "WHERE upload_id = ?1 AND idx = ?2")
                .bind(1, uploadId)
                .bind(2, index)
                .bind(3, url)
                .run(),
            "set upload part url");
}

void UploadPartsTable::setConfirmed(WriteTransaction &tx, qint64 uploadId, int index,
                                    qint64 confirmed) {
    tx.must(tx.db()
                .cached("UPDATE upload_parts SET confirmed = ?3 WHERE upload_id = ?1 AND idx = ?2")
                .bind(1, uploadId)
                .bind(2, index)
                .bind(3, confirmed)
                .run(),
            "set upload part offset");
}

void UploadPartsTable::removeAll(WriteTransaction &tx, qint64 uploadId) {
    tx.must(tx.db().cached("DELETE FROM upload_parts WHERE upload_id = ?1").bind(1, uploadId).run(),
            "remove upload parts");
}

QHash<qint64, QList<UploadPartRecord>> UploadPartsTable::loadAll(ReadTransaction &tx) {
    QHash<qint64, QList<UploadPartRecord>> parts;
    auto &stmt = tx.db().cached("SELECT upload_id, idx, begin_offset, length, upload_url, "
                                "confirmed FROM upload_parts ORDER BY upload_id, idx");
    while (stmt.next()) {
        UploadPartRecord part;
        part.uploadId = stmt.int64(0);
        part.index = int(stmt.int64(1));
        part.begin = stmt.int64(2);
        part.length = stmt.int64(3);
        part.uploadUrl = stmt.text(4);
        part.confirmed = stmt.int64(5);
        parts[part.uploadId].append(part);
    }
    return parts;
}

} // namespace msgr::storage
