#include "storage/tables/downloads_table.h"

namespace msgr::storage {
namespace {

constexpr const char *kDownloadColumns =
    "id, file_id, file_name, size, etag, cache_name, file_key, "
    "stream_state, plain_bytes, file_bytes, state, error, created_ms";

DownloadRecord readDownloadRow(const sql::Statement &stmt) {
    DownloadRecord record;
    record.id = stmt.int64(0);
    record.fileId = stmt.text(1);
    record.fileName = stmt.text(2);
    record.size = stmt.int64(3);
    record.etag = stmt.text(4).toLatin1();
    record.cacheName = stmt.text(5);
    record.fileKey = stmt.blob(6);
    record.streamState = stmt.blob(7);
    record.plainBytes = stmt.int64(8);
    record.fileBytes = stmt.int64(9);
    const qint64 state = stmt.int64(10);
    // A number this build does not know (written by a newer one) is treated as failed.
    record.state = state >= 0 && state <= qint64(DownloadState::Failed) ? DownloadState(state)
                                                                        : DownloadState::Failed;
    record.error = stmt.text(11);
    record.createdMs = stmt.int64(12);
    return record;
}

} // namespace

qint64 DownloadsTable::insert(WriteTransaction &tx, const DownloadRecord &record) {
    tx.must(tx.db()
                .cached("INSERT INTO downloads(file_id, file_name, size, etag, cache_name, "
                        "file_key, stream_state, plain_bytes, file_bytes, state, error, "
                        "created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
                .bind(1, record.fileId)
                .bind(2, record.fileName)
                .bind(3, record.size)
                .bind(4, QString::fromLatin1(record.etag))
                .bind(5, record.cacheName)
                .bindBlob(6, record.fileKey)
                .bindBlob(7, record.streamState)
                .bind(8, record.plainBytes)
                .bind(9, record.fileBytes)
                .bind(10, qint64(record.state))
                .bind(11, record.error)
                .bind(12, record.createdMs)
                .run(),
            "insert download");
    return tx.db().lastInsertRowId();
}

void DownloadsTable::setProgress(WriteTransaction &tx, const DownloadRecord &record) {
    tx.must(tx.db()
                .cached("UPDATE downloads SET size = ?2, etag = ?3, file_key = ?4, "
                        "stream_state = ?5, plain_bytes = ?6, file_bytes = ?7, cache_name = ?8 "
                        "WHERE id = ?1")
                .bind(1, record.id)
                .bind(2, record.size)
                .bind(3, QString::fromLatin1(record.etag))
                .bindBlob(4, record.fileKey)
                .bindBlob(5, record.streamState)
                .bind(6, record.plainBytes)
                .bind(7, record.fileBytes)
                .bind(8, record.cacheName)
                .run(),
            "set download progress");
}

void DownloadsTable::setState(WriteTransaction &tx, qint64 id, DownloadState state,
                              const QString &error) {
    tx.must(tx.db()
                .cached("UPDATE downloads SET state = ?2, error = ?3 WHERE id = ?1")
                .bind(1, id)
                .bind(2, qint64(state))
                .bind(3, error)
                .run(),
            "set download state");
}

void DownloadsTable::remove(WriteTransaction &tx, qint64 id) {
    tx.must(tx.db().cached("DELETE FROM downloads WHERE id = ?1").bind(1, id).run(),
            "remove download");
}

std::optional<DownloadRecord> DownloadsTable::load(ReadTransaction &tx, qint64 id) {
    static const QByteArray sql =
        QByteArray("SELECT ") + kDownloadColumns + " FROM downloads WHERE id = ?1";
    auto &stmt = tx.db().cached(sql.constData());
    stmt.bind(1, id);
    std::optional<DownloadRecord> record;
    if (stmt.next())
        record = readDownloadRow(stmt);
    return record;
}

std::optional<DownloadRecord> DownloadsTable::findByFileId(ReadTransaction &tx,
                                                           const QString &fileId) {
    static const QByteArray sql =
        QByteArray("SELECT ") + kDownloadColumns + " FROM downloads WHERE file_id = ?1";
    auto &stmt = tx.db().cached(sql.constData());
    stmt.bind(1, fileId);
    std::optional<DownloadRecord> record;
    if (stmt.next())
        record = readDownloadRow(stmt);
    stmt.reset();
    return record;
}

QList<DownloadRecord> DownloadsTable::loadAll(ReadTransaction &tx) {
    static const QByteArray sql =
        QByteArray("SELECT ") + kDownloadColumns + " FROM downloads ORDER BY id";
    QList<DownloadRecord> records;
    auto &stmt = tx.db().cached(sql.constData());
    while (stmt.next())
        records.append(readDownloadRow(stmt));
    return records;
}

} // namespace msgr::storage
