#include "storage/tables/pins_table.h"

namespace msgr::storage {

void PinsTable::replace(WriteTransaction &tx, const QList<qint64> &chatIds) {
    const QList<qint64> before = load(tx);
    if (before == chatIds)
        return; // the same order again (a retried or repeated update): nothing moves
    tx.must(tx.db().cached("DELETE FROM pinned_chats").run(), "clear pinned chats");
    for (qsizetype position = 0; position < chatIds.size(); ++position)
        tx.must(
            tx.db()
                .cached("INSERT OR REPLACE INTO pinned_chats(chat_id, position) VALUES (?1, ?2)")
                .bind(1, chatIds[position])
                .bind(2, qint64(position))
                .run(),
            "pin chat");
    for (qint64 chatId : before + chatIds)
        tx.noteChatChanged(chatId);
}

QList<qint64> PinsTable::load(ReadTransaction &tx) {
    QList<qint64> ids;
    auto &stmt = tx.db().cached("SELECT chat_id FROM pinned_chats ORDER BY position");
    while (stmt.next())
        ids.append(stmt.int64(0));
    return ids;
}

} // namespace msgr::storage
