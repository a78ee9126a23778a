#include "storage/tables/photos_table.h"

namespace msgr::storage {
namespace {

//! Every chat that shows the subject's photo as its avatar.
void noteChatsShowing(WriteTransaction &tx, PhotoSubject subject, qint64 id) {
    if (subject == PhotoSubject::Chat) {
        tx.noteChatChanged(id);
        return;
    }
    auto &chats = tx.db().cached("SELECT m.chat_id FROM chat_members m JOIN chats c ON "
                                 "c.id = m.chat_id WHERE c.kind = 0 AND m.user_id = ?1");
    chats.bind(1, id);
    QList<qint64> ids;
    while (chats.next())
        ids.append(chats.int64(0));
    for (const qint64 chatId : ids)
        tx.noteChatChanged(chatId);
}

} // namespace

void PhotosTable::set(WriteTransaction &tx, PhotoSubject subject, qint64 id,
                      const PhotoRecord &photo) {
    if (load(tx, subject, id) == photo)
        return;
    if (photo.isNone()) {
        tx.must(tx.db()
                    .cached("DELETE FROM photos WHERE subject_kind = ?1 AND subject_id = ?2")
                    .bind(1, qint64(subject))
                    .bind(2, id)
                    .run(),
                "remove photo");
    } else {
        auto &stmt = tx.db().cached("INSERT OR REPLACE INTO photos(subject_kind, subject_id, "
                                    "file_id, thumbnail) VALUES (?1, ?2, ?3, ?4)");
        tx.must(stmt.bind(1, qint64(subject))
                    .bind(2, id)
                    .bind(3, photo.fileId)
                    .bindBlob(4, photo.thumbnail)
                    .run(),
                "store photo");
    }
    noteChatsShowing(tx, subject, id);
}

PhotoRecord PhotosTable::load(ReadTransaction &tx, PhotoSubject subject, qint64 id) {
    auto &stmt = tx.db().cached(
        "SELECT file_id, thumbnail FROM photos WHERE subject_kind = ?1 AND subject_id = ?2");
    if (!stmt.bind(1, qint64(subject)).bind(2, id).next())
        return {};
    return {stmt.text(0), stmt.blob(1)};
}

std::optional<QByteArray> PhotosTable::thumbnailOf(ReadTransaction &tx, const QString &fileId) {
    auto &stmt = tx.db().cached("SELECT thumbnail FROM photos WHERE file_id = ?1 LIMIT 1");
    if (!stmt.bind(1, fileId).next())
        return std::nullopt;
    return stmt.blob(0);
}

} // namespace msgr::storage
