// The upload records of store.h (upload_records.h) in SQL; a file of their own so the chat
// records in sqlite_records.cpp stay as they are.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

std::optional<UploadRecord> Records::upload(const QString &id) {
    Statement s = m_db.prepare(
        "SELECT owner_id, length, upload_offset, file_name, file_type, created_at, expires_at, "
        "sha256, concat FROM uploads WHERE id = ?");
    s.bind(1, id);
    if (!s.step())
        return std::nullopt;
    UploadRecord r;
    r.id = id;
    r.ownerId = s.int64(0);
    r.length = s.int64(1);
    r.offset = s.int64(2);
    r.fileName = s.text(3);
    r.fileType = s.text(4);
    r.createdAt = s.int64(5);
    r.expiresAt = s.int64(6);
    r.sha256 = s.isNull(7) ? QString() : s.text(7);
    r.concat = s.text(8);
    return r;
}

UploadUsage Records::uploadUsage(qint64 ownerId, qint64 now) {
    Statement s =
        m_db.prepare("SELECT count(*) FILTER (WHERE sha256 IS NULL AND expires_at > ?1), "
                     "coalesce(sum(length) FILTER (WHERE sha256 IS NULL AND expires_at > ?1), 0), "
                     "coalesce(sum(length) FILTER (WHERE sha256 IS NOT NULL), 0) "
                     "FROM uploads WHERE owner_id = ?2");
    s.bind(1, now).bind(2, ownerId);
    UploadUsage usage;
    if (s.step()) {
        usage.unfinishedCount = s.int64(0);
        usage.unfinishedBytes = s.int64(1);
        usage.finishedBytes = s.int64(2);
    }
    return usage;
}

QStringList Records::expiredUploads(qint64 now, int limit) {
    Statement s = m_db.prepare("SELECT id FROM uploads WHERE sha256 IS NULL AND expires_at <= ? "
                               "ORDER BY expires_at LIMIT ?");
    s.bind(1, now).bind(2, qint64(limit));
    QStringList ids;
    while (s.step())
        ids.append(s.text(0));
    return ids;
}

bool Records::fileSharedWith(const QString &fileId, qint64 userId) {
    // A chat's members, or a channel's or supergroup's (channel_members: §15.8, §23.8); and
    // anyone for a post of a PUBLIC channel, which anyone may read (§15.1, §15.8) — never a
    // public supergroup's message for a non-member (§23.8).
    Statement s =
        m_db.prepare("SELECT 1 FROM message_files f JOIN chat_members m ON m.chat_id = f.chat_id "
                     "WHERE f.file_id = ?1 AND m.user_id = ?2 UNION ALL "
                     "SELECT 1 FROM message_files f JOIN channel_members c "
                     "ON c.channel_id = f.chat_id WHERE f.file_id = ?1 AND c.user_id = ?2 "
                     "UNION ALL SELECT 1 FROM message_files f JOIN channels p "
                     "ON p.chat_id = f.chat_id WHERE f.file_id = ?1 AND p.name IS NOT NULL "
                     "AND p.megagroup = 0 LIMIT 1");
    s.bind(1, fileId).bind(2, userId);
    return s.step();
}

bool Records::fileAttached(const QString &fileId) {
    // A photo (§24, schema 20) is held like an attachment: it cannot be deleted under its
    // viewers, and it is no secret chat's ciphertext.
    Statement s = m_db.prepare("SELECT 1 FROM message_files WHERE file_id = ?1 UNION ALL "
                               "SELECT 1 FROM photos WHERE file_id = ?1 LIMIT 1");
    s.bind(1, fileId);
    return s.step();
}

void Records::insertUpload(const UploadRecord &upload) {
    Statement s = writing().db.prepare(
        "INSERT INTO uploads (id, owner_id, length, upload_offset, file_name, "
        "file_type, created_at, expires_at, sha256, concat) VALUES (?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?)");
    s.bind(1, upload.id)
        .bind(2, upload.ownerId)
        .bind(3, upload.length)
        .bind(4, upload.offset)
        .bind(5, upload.fileName)
        .bind(6, upload.fileType)
        .bind(7, upload.createdAt)
        .bind(8, upload.expiresAt)
        .bind(10, upload.concat);
    // A final upload (tus concatenation) is created finished; any other starts without a hash.
    if (upload.sha256.isEmpty())
        s.bindNull(9);
    else
        s.bind(9, upload.sha256);
    s.run();
}

bool Records::setUploadOffset(const QString &id, qint64 offset) {
    writing()
        .db.prepare("UPDATE uploads SET upload_offset = ? WHERE id = ? AND sha256 IS NULL")
        .bind(1, offset)
        .bind(2, id)
        .run();
    return m_db.changes() > 0;
}

bool Records::finishUpload(const QString &id, const QString &sha256) {
    writing()
        .db
        .prepare("UPDATE uploads SET upload_offset = length, sha256 = ? WHERE id = ? AND sha256 "
                 "IS NULL")
        .bind(1, sha256)
        .bind(2, id)
        .run();
    return m_db.changes() > 0;
}

bool Records::deleteUpload(const QString &id) {
    writing().db.prepare("DELETE FROM uploads WHERE id = ?").bind(1, id).run();
    return m_db.changes() > 0;
}

} // namespace msgr::server::sqlite
