#include "storage/tables/mutes_table.h"

#include "storage/secret_chat_id.h"

namespace msgr::storage {

namespace {
//! A channel's mute is its subscription's (channels.setMuted), not in chats.listMuted.
bool isChannel(ReadTransaction &tx, qint64 chatId) {
    return tx.db().cached("SELECT 1 FROM channels WHERE chat_id = ?1").bind(1, chatId).next();
}
} // namespace

void MutesTable::set(WriteTransaction &tx, qint64 chatId, qint64 mutedUntil) {
    auto &find = tx.db().cached("SELECT muted_until FROM chat_mutes WHERE chat_id = ?1");
    find.bind(1, chatId);
    const qint64 before = find.next() ? find.int64(0) : 0;
    find.reset();
    if (before == mutedUntil)
        return; // the same again (a retried or repeated update): no row changes
    if (mutedUntil <= 0)
        tx.must(tx.db().cached("DELETE FROM chat_mutes WHERE chat_id = ?1").bind(1, chatId).run(),
                "unmute chat");
    else
        tx.must(tx.db()
                    .cached("INSERT OR REPLACE INTO chat_mutes(chat_id, muted_until) "
                            "VALUES (?1, ?2)")
                    .bind(1, chatId)
                    .bind(2, mutedUntil)
                    .run(),
                "mute chat");
    tx.noteChatChanged(chatId);
}

void MutesTable::replace(WriteTransaction &tx, const QHash<qint64, qint64> &mutedUntil) {
    const QHash<qint64, qint64> before = load(tx);
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (!isSecretChatId(it.key()) && !isChannel(tx, it.key()) && !mutedUntil.contains(it.key()))
            set(tx, it.key(), 0);
    for (auto it = mutedUntil.cbegin(); it != mutedUntil.cend(); ++it)
        set(tx, it.key(), it.value());
}

QHash<qint64, qint64> MutesTable::load(ReadTransaction &tx) {
    QHash<qint64, qint64> mutes;
    auto &stmt = tx.db().cached("SELECT chat_id, muted_until FROM chat_mutes");
    while (stmt.next())
        mutes.insert(stmt.int64(0), stmt.int64(1));
    return mutes;
}

} // namespace msgr::storage
