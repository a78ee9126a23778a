// The photo records of store.h (photo_records.h, docs/protocol.md §24) in SQL.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

std::optional<PhotoRecord> Records::photo(PhotoSubject subject, qint64 subjectId) {
    Statement s = m_db.prepare("SELECT file_id, thumbnail FROM photos WHERE subject_kind = ? AND "
                               "subject_id = ? AND current = 1");
    s.bind(1, qint64(subject)).bind(2, subjectId);
    if (!s.step())
        return std::nullopt;
    return PhotoRecord{s.text(0), s.blob(1)};
}

QList<PhotoUse> Records::photoUses(const QString &fileId) {
    Statement s = m_db.prepare("SELECT subject_kind, subject_id FROM photos WHERE file_id = ?");
    s.bind(1, fileId);
    QList<PhotoUse> uses;
    while (s.step())
        uses.append(
            PhotoUse{s.int64(0) == 0 ? PhotoSubject::User : PhotoSubject::Chat, s.int64(1)});
    return uses;
}

void Records::setPhoto(PhotoSubject subject, qint64 subjectId,
                       const std::optional<PhotoRecord> &photo, qint64 now) {
    Connection &db = writing().db;
    Statement clear = db.prepare("UPDATE photos SET current = 0 WHERE subject_kind = ? AND "
                                 "subject_id = ? AND current = 1");
    clear.bind(1, qint64(subject)).bind(2, subjectId).run();
    if (!photo)
        return;
    // The same file set again becomes current again, with its new thumbnail.
    Statement put = db.prepare(
        "INSERT INTO photos (subject_kind, subject_id, file_id, thumbnail, set_at, current) "
        "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (subject_kind, subject_id, file_id) DO UPDATE "
        "SET thumbnail = excluded.thumbnail, set_at = excluded.set_at, current = 1");
    put.bind(1, qint64(subject))
        .bind(2, subjectId)
        .bind(3, photo->fileId)
        .bind(4, photo->thumbnail)
        .bind(5, now)
        .run();
}

} // namespace msgr::server::sqlite
