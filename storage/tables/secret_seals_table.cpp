#include "storage/tables/secret_seals_table.h"

namespace msgr::storage {

void SecretSealsTable::setSource(WriteTransaction &tx, qint64 localId, const QString &path,
                                 qint64 size, qint64 mtimeMs) {
    tx.must(tx.db()
                .cached("UPDATE secret_attachments SET source_path = ?2, source_size = ?3, "
                        "source_mtime_ms = ?4, sealed = 0 WHERE local_id = ?1")
                .bind(1, localId)
                .bind(2, path)
                .bind(3, size)
                .bind(4, mtimeMs)
                .run(),
            "set secret seal source");
}

void SecretSealsTable::setSealed(WriteTransaction &tx, qint64 localId, qint64 cipherSize,
                                 const QByteArray &cipherSha256) {
    auto &stmt = tx.db().cached("UPDATE secret_attachments SET cipher_size = ?2, "
                                "cipher_sha256 = ?3, sealed = 1 WHERE local_id = ?1");
    stmt.bind(1, localId).bind(2, cipherSize).bindBlob(3, cipherSha256);
    tx.must(stmt.run(), "set secret seal finished");
}

bool SecretSealsTable::isSealed(ReadTransaction &tx, qint64 localId) {
    auto &stmt = tx.db()
                     .cached("SELECT sealed FROM secret_attachments WHERE local_id = ?1")
                     .bind(1, localId);
    const bool sealed = !stmt.next() || stmt.int64(0) != 0;
    stmt.reset();
    return sealed;
}

QList<SecretSealRow> SecretSealsTable::unsealed(ReadTransaction &tx) {
    auto &stmt = tx.db().cached(
        "SELECT local_id, upload_id, file_key, header, temp_path, source_path, source_size, "
        "source_mtime_ms FROM secret_attachments WHERE sealed = 0 AND upload_id <> 0 "
        "ORDER BY local_id");
    QList<SecretSealRow> rows;
    while (stmt.next()) {
        SecretSealRow row;
        row.localId = stmt.int64(0);
        row.uploadId = stmt.int64(1);
        QByteArray key = stmt.blob(2);
        row.key = crypto::SecureBytes::takeFrom(key); // SQLite's ordinary copy wiped
        row.header = stmt.blob(3);
        row.tempPath = stmt.text(4);
        row.sourcePath = stmt.text(5);
        row.sourceSize = stmt.int64(6);
        row.sourceMtimeMs = stmt.int64(7);
        rows.append(row);
    }
    stmt.reset();
    return rows;
}

QList<qint64> SecretSealsTable::sending(ReadTransaction &tx) {
    auto &stmt = tx.db().cached(
        "SELECT local_id FROM secret_attachments WHERE upload_id <> 0 ORDER BY local_id");
    QList<qint64> ids;
    while (stmt.next())
        ids.append(stmt.int64(0));
    stmt.reset();
    return ids;
}

} // namespace msgr::storage
