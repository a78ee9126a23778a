#include "storage/tables/secret_attachments_table.h"

namespace msgr::storage {
namespace {

#define MSGR_SECRET_ATTACHMENT_COLUMNS                                                             \
    "SELECT local_id, file_id, upload_id, file_key, header, plain_size, plain_hash, "              \
    "cipher_size, cipher_sha256, temp_path FROM secret_attachments "

std::optional<SecretAttachmentRow> rowFrom(sql::Statement &stmt) {
    std::optional<SecretAttachmentRow> row;
    if (stmt.next()) {
        row.emplace();
        row->localId = stmt.int64(0);
        row->fileId = stmt.text(1);
        row->uploadId = stmt.int64(2);
        QByteArray key = stmt.blob(3);
        row->key = crypto::SecureBytes::takeFrom(key);
        row->header = stmt.blob(4);
        row->plainSize = stmt.int64(5);
        row->plainHash = stmt.blob(6);
        row->cipherSize = stmt.int64(7);
        row->cipherSha256 = stmt.blob(8);
        row->tempPath = stmt.text(9);
    }
    stmt.reset();
    return row;
}

} // namespace

void SecretAttachmentsTable::store(WriteTransaction &tx, const SecretAttachmentRow &row) {
    auto &stmt = tx.db().cached(
        "INSERT OR REPLACE INTO secret_attachments(local_id, file_id, upload_id, file_key, header, "
        "plain_size, plain_hash, cipher_size, cipher_sha256, temp_path) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    stmt.bind(1, row.localId).bind(2, row.fileId).bind(3, row.uploadId);
    stmt.bindBlob(4, row.key.rawView()).bindBlob(5, row.header).bind(6, row.plainSize);
    stmt.bindBlob(7, row.plainHash).bind(8, row.cipherSize).bindBlob(9, row.cipherSha256);
    tx.must(stmt.bind(10, row.tempPath).run(), "store secret attachment");
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

void SecretAttachmentsTable::remove(WriteTransaction &tx, qint64 localId) {
    tx.must(
        tx.db().cached("DELETE FROM secret_attachments WHERE local_id = ?1").bind(1, localId).run(),
        "delete secret attachment");
}

} // namespace msgr::storage
