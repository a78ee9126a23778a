#include "storage/tables/secret_attachments_table.h"

namespace msgr::storage {
namespace {

#define MSGR_SECRET_ATTACHMENT_COLUMNS                                                             \
    "SELECT local_id, file_id, upload_id, file_key, header, plain_size, plain_hash, "              \
    "cipher_size, cipher_sha256, temp_path, source_path, source_size, source_mtime_ms, sealed "    \
    "FROM secret_attachments "

SecretAttachmentRow secretRowAt(sql::Statement &stmt) {
    SecretAttachmentRow row;
    row.localId = stmt.int64(0);
    row.fileId = stmt.text(1);
    row.uploadId = stmt.int64(2);
    QByteArray key = stmt.blob(3);
    row.key = crypto::SecureBytes::takeFrom(key);
    row.header = stmt.blob(4);
    row.plainSize = stmt.int64(5);
    row.plainHash = stmt.blob(6);
    row.cipherSize = stmt.int64(7);
    row.cipherSha256 = stmt.blob(8);
    row.tempPath = stmt.text(9);
    row.sourcePath = stmt.text(10);
    row.sourceSize = stmt.int64(11);
    row.sourceMtimeMs = stmt.int64(12);
    row.sealed = stmt.int64(13) != 0;
    return row;
}

std::optional<SecretAttachmentRow> rowFrom(sql::Statement &stmt) {
    std::optional<SecretAttachmentRow> row;
    if (stmt.next())
        row = secretRowAt(stmt);
    stmt.reset();
    return row;
}

} // namespace

void SecretAttachmentsTable::store(WriteTransaction &tx, const SecretAttachmentRow &row) {
    auto &stmt = tx.db().cached(
        "INSERT OR REPLACE INTO secret_attachments(local_id, file_id, upload_id, file_key, header, "
        "plain_size, plain_hash, cipher_size, cipher_sha256, temp_path, source_path, source_size, "
        "source_mtime_ms, sealed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    stmt.bind(1, row.localId).bind(2, row.fileId).bind(3, row.uploadId);
    stmt.bindBlob(4, row.key.rawView()).bindBlob(5, row.header).bind(6, row.plainSize);
    stmt.bindBlob(7, row.plainHash).bind(8, row.cipherSize).bindBlob(9, row.cipherSha256);
    stmt.bind(10, row.tempPath).bind(11, row.sourcePath).bind(12, row.sourceSize);
    stmt.bind(13, row.sourceMtimeMs).bind(14, qint64(row.sealed ? 1 : 0));
    tx.must(stmt.run(), "store secret attachment");
}

std::optional<SecretAttachmentRow> SecretAttachmentsTable::byLocalId(ReadTransaction &tx,
                                                                     qint64 localId) {
    auto &stmt = tx.db().cached(MSGR_SECRET_ATTACHMENT_COLUMNS "WHERE local_id = ?1");
    stmt.bind(1, localId);
    return rowFrom(stmt);
}

std::optional<SecretAttachmentRow> SecretAttachmentsTable::byFileId(ReadTransaction &tx,
                                                                    const QString &fileId) {
    auto &stmt = tx.db().cached(MSGR_SECRET_ATTACHMENT_COLUMNS
                                "WHERE file_id = ?1 AND file_id <> '' ORDER BY local_id DESC "
                                "LIMIT 1");
    stmt.bind(1, fileId);
    return rowFrom(stmt);
}

std::optional<SecretAttachmentRow> SecretAttachmentsTable::byUploadId(ReadTransaction &tx,
                                                                      qint64 uploadId) {
    auto &stmt = tx.db().cached(MSGR_SECRET_ATTACHMENT_COLUMNS
                                "WHERE upload_id = ?1 AND upload_id <> 0 LIMIT 1");
    stmt.bind(1, uploadId);
    return rowFrom(stmt);
}

QList<qint64> SecretAttachmentsTable::sending(ReadTransaction &tx) {
    auto &stmt = tx.db().cached(
        "SELECT local_id FROM secret_attachments WHERE upload_id <> 0 ORDER BY local_id");
    QList<qint64> ids;
    while (stmt.next())
        ids.append(stmt.int64(0));
    stmt.reset();
    return ids;
}

QList<SecretAttachmentRow> SecretAttachmentsTable::unsealed(ReadTransaction &tx) {
    auto &stmt = tx.db().cached(MSGR_SECRET_ATTACHMENT_COLUMNS
                                "WHERE sealed = 0 AND upload_id <> 0 ORDER BY local_id");
    QList<SecretAttachmentRow> rows;
    while (stmt.next())
        rows.append(secretRowAt(stmt));
    stmt.reset();
    return rows;
}

void SecretAttachmentsTable::remove(WriteTransaction &tx, qint64 localId) {
    tx.must(
        tx.db().cached("DELETE FROM secret_attachments WHERE local_id = ?1").bind(1, localId).run(),
        "delete secret attachment");
}

} // namespace msgr::storage

#undef MSGR_SECRET_ATTACHMENT_COLUMNS
