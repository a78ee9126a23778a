#include "storage/tables/channels_table.h"

#include "storage/tables/id_lists.h"

namespace msgr::storage {

namespace {
#define MSGR_CHANNEL_QUERY                                                                         \
    "SELECT chat_id, pts, about, name, owner_id, subscriber_count, role, muted, megagroup, "       \
    "admin_ids FROM channels "

ChannelRecord fromRow(const sql::Statement &row) {
    ChannelRecord c;
    c.chatId = row.int64(0);
    c.pts = row.int64(1);
    c.about = row.text(2);
    c.name = row.text(3);
    c.ownerId = row.int64(4);
    c.subscriberCount = row.int64(5);
    c.role = static_cast<ChatRole>(row.int64(6));
    c.muted = row.int64(7) != 0;
    c.megagroup = row.int64(8) != 0;
    c.adminIds = id_lists::parsed(row.text(9));
    return c;
}

void ensure(WriteTransaction &tx, qint64 chatId) {
    tx.must(
        tx.db().cached("INSERT OR IGNORE INTO channels(chat_id) VALUES (?1)").bind(1, chatId).run(),
        "ensure channel");
}
} // namespace

void ChannelsTable::storeInfo(WriteTransaction &tx, const ChannelRecord &channel) {
    storeShared(tx, channel);
    auto &update = tx.db().cached("UPDATE channels SET role = ?2, muted = ?3 WHERE chat_id = ?1");
    tx.must(update.bind(1, channel.chatId)
                .bind(2, qint64(channel.role))
                .bind(3, qint64(channel.muted ? 1 : 0))
                .run(),
            "store channel role");
    tx.noteChatChanged(channel.chatId);
}

void ChannelsTable::storeShared(WriteTransaction &tx, const ChannelRecord &channel) {
    ensure(tx, channel.chatId);
    auto &update = tx.db().cached("UPDATE channels SET about = ?2, name = ?3, owner_id = ?4, "
                                  "subscriber_count = ?5, megagroup = ?6, admin_ids = ?7 WHERE "
                                  "chat_id = ?1");
    tx.must(update.bind(1, channel.chatId)
                .bind(2, channel.about)
                .bind(3, channel.name)
                .bind(4, channel.ownerId)
                .bind(5, channel.subscriberCount)
                .bind(6, qint64(channel.megagroup ? 1 : 0))
                .bind(7, id_lists::joined(channel.adminIds))
                .run(),
            "store channel");
    tx.noteChatChanged(channel.chatId);
}

void ChannelsTable::storeSubscriberCount(WriteTransaction &tx, qint64 chatId, qint64 count) {
    auto &update = tx.db().cached("UPDATE channels SET subscriber_count = ?2 WHERE chat_id = ?1 "
                                  "AND subscriber_count != ?2");
    tx.must(update.bind(1, chatId).bind(2, count).run(), "store subscriber count");
    if (tx.db().changes() > 0)
        tx.noteChatChanged(chatId);
}

void ChannelsTable::raisePts(WriteTransaction &tx, qint64 chatId, qint64 pts) {
    tx.must(tx.db()
                .cached("UPDATE channels SET pts = ?2 WHERE chat_id = ?1 AND pts < ?2")
                .bind(1, chatId)
                .bind(2, pts)
                .run(),
            "store channel pts");
}

void ChannelsTable::remove(WriteTransaction &tx, qint64 chatId) {
    tx.must(tx.db().cached("DELETE FROM channels WHERE chat_id = ?1").bind(1, chatId).run(),
            "drop channel");
    tx.must(tx.db().cached("DELETE FROM chats WHERE id = ?1 AND kind = 2").bind(1, chatId).run(),
            "drop channel chat");
    tx.must(tx.db().cached("DELETE FROM chat_mutes WHERE chat_id = ?1").bind(1, chatId).run(),
            "drop channel mute");
    tx.noteReset(); // the chat list loses a row
}

std::optional<ChannelRecord> ChannelsTable::load(ReadTransaction &tx, qint64 chatId) {
    auto &stmt = tx.db().cached(MSGR_CHANNEL_QUERY "WHERE chat_id = ?1");
    if (!stmt.bind(1, chatId).next())
        return std::nullopt;
    return fromRow(stmt);
}

QList<ChannelRecord> ChannelsTable::loadAll(ReadTransaction &tx) {
    QList<ChannelRecord> all;
    auto &stmt = tx.db().cached(MSGR_CHANNEL_QUERY "ORDER BY chat_id");
    while (stmt.next())
        all.append(fromRow(stmt));
    return all;
}

} // namespace msgr::storage
