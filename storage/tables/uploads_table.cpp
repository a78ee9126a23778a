#include "storage/tables/uploads_table.h"

namespace msgr::storage {
namespace {

constexpr const char *kUploadColumns = "id, local_path, size, mtime_ms, file_name, mime_type, "
                                       "upload_url, confirmed_offset, state, error, created_ms";

UploadRecord readUploadRow(const sql::Statement &stmt) {
    UploadRecord record;
    record.id = stmt.int64(0);
    record.localPath = stmt.text(1);
    record.size = stmt.int64(2);
    record.mtimeMs = stmt.int64(3);
    record.fileName = stmt.text(4);
    record.mimeType = stmt.text(5);
    record.uploadUrl = stmt.text(6);
    record.confirmedOffset = stmt.int64(7);
    const qint64 state = stmt.int64(8);
    // A number this build does not know (written by a newer one) is treated as failed, so it
    // is shown and never sent blindly.
    record.state = state >= 0 && state <= qint64(UploadState::Failed) ? UploadState(state)
                                                                      : UploadState::Failed;
    record.error = stmt.text(9);
    record.createdMs = stmt.int64(10);
    return record;
}

} // namespace

qint64 UploadsTable::insert(WriteTransaction &tx, const UploadRecord &record) {
    tx.must(tx.db()
                .cached("INSERT INTO uploads(local_path, size, mtime_ms, file_name, mime_type, "
                        "upload_url, confirmed_offset, state, error, created_ms) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .bind(1, record.localPath)
                .bind(2, record.size)
                .bind(3, record.mtimeMs)
                .bind(4, record.fileName)
                .bind(5, record.mimeType)
                .bind(6, record.uploadUrl)
                .bind(7, record.confirmedOffset)
                .bind(8, qint64(record.state))
                .bind(9, record.error)
                .bind(10, record.createdMs)
                .run(),
            "insert upload");
    return tx.db().lastInsertRowId();
}

void UploadsTable::setUploadUrl(WriteTransaction &tx, qint64 id, const QString &url) {
    tx.must(tx.db()
                .cached("UPDATE uploads SET upload_url = ?2, confirmed_offset = 0 WHERE id = ?1")
                .bind(1, id)
                .bind(2, url)
                .run(),
            "set upload url");
}

void UploadsTable::setConfirmedOffset(WriteTransaction &tx, qint64 id, qint64 offset) {
    tx.must(tx.db()
                .cached("UPDATE uploads SET confirmed_offset = ?2 WHERE id = ?1")
                .bind(1, id)
                .bind(2, offset)
                .run(),
            "set upload offset");
}

void UploadsTable::setState(WriteTransaction &tx, qint64 id, UploadState state,
                            const QString &error) {
    tx.must(tx.db()
                .cached("UPDATE uploads SET state = ?2, error = ?3 WHERE id = ?1")
                .bind(1, id)
                .bind(2, qint64(state))
                .bind(3, error)
                .run(),
            "set upload state");
}

void UploadsTable::setGrowing(WriteTransaction &tx, qint64 id) {
    tx.must(tx.db().cached("UPDATE uploads SET growing = 1 WHERE id = ?1").bind(1, id).run(),
            "set upload growing");
}

void UploadsTable::setGrown(WriteTransaction &tx, qint64 id, qint64 mtimeMs) {
    tx.must(tx.db()
                .cached("UPDATE uploads SET growing = 0, mtime_ms = ?2 WHERE id = ?1")
                .bind(1, id)
                .bind(2, mtimeMs)
                .run(),
            "set upload grown");
}

QSet<qint64> UploadsTable::growingIds(ReadTransaction &tx) {
    QSet<qint64> ids;
    auto &stmt = tx.db().cached("SELECT id FROM uploads WHERE growing <> 0");
    while (stmt.next())
        ids.insert(stmt.int64(0));
    stmt.reset();
    return ids;
}

void UploadsTable::remove(WriteTransaction &tx, qint64 id) {
    tx.must(tx.db().cached("DELETE FROM uploads WHERE id = ?1").bind(1, id).run(), "remove upload");
}

std::optional<UploadRecord> UploadsTable::load(ReadTransaction &tx, qint64 id) {
    static const QByteArray sql =
        QByteArray("SELECT ") + kUploadColumns + " FROM uploads WHERE id = ?1";
    auto &stmt = tx.db().cached(sql.constData());
    stmt.bind(1, id);
    std::optional<UploadRecord> record;
    if (stmt.next())
        record = readUploadRow(stmt);
    return record;
}

QList<UploadRecord> UploadsTable::loadAll(ReadTransaction &tx) {
    static const QByteArray sql =
        QByteArray("SELECT ") + kUploadColumns + " FROM uploads ORDER BY id";
    QList<UploadRecord> records;
    auto &stmt = tx.db().cached(sql.constData());
    while (stmt.next())
        records.append(readUploadRow(stmt));
    return records;
}

} // namespace msgr::storage
