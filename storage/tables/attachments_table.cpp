#include "storage/tables/attachments_table.h"

#include "storage/storage_logging.h"

namespace msgr::storage {
namespace {

AttachmentKind attachmentKindFromColumn(qint64 value) {
    switch (value) {
    case qint64(AttachmentKind::Photo):
        return AttachmentKind::Photo;
    case qint64(AttachmentKind::Video):
        return AttachmentKind::Video;
    case qint64(AttachmentKind::Voice):
        return AttachmentKind::Voice;
    case qint64(AttachmentKind::Audio):
        return AttachmentKind::Audio;
    default: // a damaged or future row still shows as a file that can be saved
        return AttachmentKind::File;
    }
}

} // namespace

void AttachmentsTable::store(WriteTransaction &tx, qint64 localId,
                             const QList<AttachmentRecord> &attachments) {
    remove(tx, localId);
    auto &insert = tx.db().cached(
        "INSERT INTO message_attachments(local_id, position, file_id, kind, size, mime, name, "
        "width, height, duration_ms, thumbnail, waveform, upload_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    const int count = std::min(int(attachments.size()), kMaxStoredAttachments);
    for (int i = 0; i < count; ++i) {
        const AttachmentRecord &a = attachments.at(i);
        tx.must(insert.bind(1, localId)
                    .bind(2, i)
                    .bind(3, a.fileId)
                    .bind(4, int(a.kind))
                    .bind(5, a.size)
                    .bind(6, a.mime)
                    .bind(7, a.name)
                    .bind(8, a.width)
                    .bind(9, a.height)
                    .bind(10, a.durationMs)
                    .bindBlob(11, a.thumbnail)
                    .bindBlob(12, a.waveform)
                    .bind(13, a.uploadId)
                    .run(),
                "store attachment");
    }
}

QList<AttachmentRecord> AttachmentsTable::load(ReadTransaction &tx, qint64 localId) {
    QList<AttachmentRecord> out;
    auto &stmt = tx.db().cached(
        "SELECT file_id, kind, size, mime, name, width, height, duration_ms, thumbnail, waveform, "
        "upload_id FROM message_attachments WHERE local_id = ?1 ORDER BY position");
    stmt.bind(1, localId);
    while (stmt.next()) {
        AttachmentRecord a;
        a.fileId = stmt.text(0);
        a.kind = attachmentKindFromColumn(stmt.int64(1));
        a.size = stmt.int64(2);
        a.mime = stmt.text(3);
        a.name = stmt.text(4);
        a.width = int(stmt.int64(5));
        a.height = int(stmt.int64(6));
        a.durationMs = stmt.int64(7);
        a.thumbnail = stmt.blob(8);
        a.waveform = stmt.blob(9);
        a.uploadId = stmt.int64(10);
        out.append(a);
    }
    return out;
}

void AttachmentsTable::loadInto(ReadTransaction &tx, QList<MessageRecord> &records) {
    for (MessageRecord &record : records)
        record.attachments = load(tx, record.localId);
}

void AttachmentsTable::remove(WriteTransaction &tx, qint64 localId) {
    tx.must(tx.db()
                .cached("DELETE FROM message_attachments WHERE local_id = ?1")
                .bind(1, localId)
                .run(),
            "remove attachments");
}

QStringList AttachmentsTable::removeReleasing(WriteTransaction &tx, qint64 localId) {
    QStringList carried;
    for (const AttachmentRecord &attachment : load(tx, localId))
        if (!attachment.fileId.isEmpty() && !carried.contains(attachment.fileId))
            carried.append(attachment.fileId);
    remove(tx, localId);
    QStringList released;
    for (const QString &fileId : std::as_const(carried)) {
        auto &stillUsed =
            tx.db().cached("SELECT EXISTS(SELECT 1 FROM message_attachments WHERE file_id = ?1) OR "
                           "EXISTS(SELECT 1 FROM secret_attachments WHERE file_id = ?1)");
        stillUsed.bind(1, fileId);
        tx.must(stillUsed.next(), "look for other messages with the file");
        const bool used = stillUsed.int64(0) != 0;
        stillUsed.reset();
        if (!used)
            released.append(fileId);
    }
    return released;
}

QList<qint64> AttachmentsTable::setUploadedFileId(WriteTransaction &tx, qint64 uploadId,
                                                  const QString &fileId) {
    const QList<qint64> waiting = waitingFor(tx, uploadId);
    if (waiting.isEmpty())
        return {};
    tx.must(tx.db()
                .cached("UPDATE message_attachments SET file_id = ?2 "
                        "WHERE upload_id = ?1 AND file_id = ''")
                .bind(1, uploadId)
                .bind(2, fileId)
                .run(),
            "set uploaded file id");
    return waiting;
}

QList<qint64> AttachmentsTable::waitingFor(ReadTransaction &tx, qint64 uploadId) {
    QList<qint64> out;
    auto &stmt = tx.db().cached("SELECT DISTINCT local_id FROM message_attachments "
                                "WHERE upload_id = ?1 AND upload_id != 0 AND file_id = ''");
    stmt.bind(1, uploadId);
    while (stmt.next())
        out.append(stmt.int64(0));
    return out;
}

} // namespace msgr::storage
