#include "storage/tables/sync_state_table.h"

#include "storage/tables/chats_table.h"

namespace msgr::storage {

void SyncStateTable::storePts(WriteTransaction &tx, qint64 pts, bool forwardOnly) {
    tx.must(tx.db().cached("INSERT OR IGNORE INTO account(id) VALUES (1)").run(), "account row");
    auto &stmt = tx.db().cached(forwardOnly ? "UPDATE account SET pts = max(pts, ?1) WHERE id = 1"
                                            : "UPDATE account SET pts = ?1 WHERE id = 1");
    tx.must(stmt.bind(1, pts).run(), "store pts");
}

void SyncStateTable::markHistoryComplete(WriteTransaction &tx, qint64 chatId) {
    ChatsTable::ensure(tx, chatId);
    tx.must(
        tx.db().cached("UPDATE chats SET history_complete = 1 WHERE id = ?1").bind(1, chatId).run(),
        "mark history complete");
}

bool SyncStateTable::historyComplete(ReadTransaction &tx, qint64 chatId) {
    auto &stmt = tx.db().cached("SELECT history_complete FROM chats WHERE id = ?1");
    return stmt.bind(1, chatId).next() && stmt.int64(0) != 0;
}

void SyncStateTable::raisePendingRead(WriteTransaction &tx, qint64 chatId, qint64 maxId) {
    ChatsTable::ensure(tx, chatId);
    tx.must(tx.db()
                .cached("UPDATE chats SET pending_read_max_id = ?2 "
                        "WHERE id = ?1 AND pending_read_max_id < ?2")
                .bind(1, chatId)
                .bind(2, maxId)
                .run(),
            "store pending read");
}

void SyncStateTable::clearPendingRead(WriteTransaction &tx, qint64 chatId, qint64 maxId) {
    tx.must(tx.db()
                .cached("UPDATE chats SET pending_read_max_id = 0 "
                        "WHERE id = ?1 AND pending_read_max_id <= ?2")
                .bind(1, chatId)
                .bind(2, maxId)
                .run(),
            "clear pending read");
}

QHash<qint64, qint64> SyncStateTable::pendingReads(ReadTransaction &tx) {
    QHash<qint64, qint64> out;
    auto &stmt =
        tx.db().cached("SELECT id, pending_read_max_id FROM chats WHERE pending_read_max_id > 0");
    while (stmt.next())
        out.insert(stmt.int64(0), stmt.int64(1));
    return out;
}

} // namespace msgr::storage
