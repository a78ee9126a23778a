#include "storage/store_writer.h"

#include "storage/message_rows.h"

#include <QStringList>
#include <variant>

namespace msgr::storage {

ChangeSet StoreWriter::takeChanges() {
    ChangeSet out = std::move(m_changes);
    m_changes = ChangeSet();
    m_changedChats.clear();
    m_movedChats.clear();
    return out;
}

void StoreWriter::finishJob() {
    indexQueuedTexts();
}

void StoreWriter::beginJob() {
    m_changesBeforeJob = m_changes;
    m_changedChatsBeforeJob = m_changedChats;
    m_movedChatsBeforeJob = m_movedChats;
}

void StoreWriter::abandonJob() {
    m_unindexed.clear();
    m_changes = m_changesBeforeJob;
    m_changedChats = m_changedChatsBeforeJob;
    m_movedChats = m_movedChatsBeforeJob;
}

void StoreWriter::indexQueuedTexts() {
    // One run of plain INSERTs with no savepoint between them: one segment for all of them.
    for (const UnindexedText &row : std::as_const(m_unindexed)) {
        auto &stmt = m_db.cached("INSERT INTO messages_fts(docid, text) VALUES (?1, ?2)");
        must(stmt.bind(1, row.localId).bind(2, row.text).run(), "index message text");
    }
    m_unindexed.clear();
}

void StoreWriter::must(bool ok, const char *what) {
    if (!ok)
        throw SqlError(std::string(what) + ": " + m_db.lastError().toStdString());
}

void StoreWriter::markChatChanged(qint64 chatId) {
    if (!m_changedChats.contains(chatId)) {
        m_changedChats.insert(chatId);
        m_changes.changedChatIds.append(chatId);
    }
}

void StoreWriter::applyUpdate(const protocol::Update &update) {
    std::visit(
        [this](const auto &u) {
            using T = std::decay_t<decltype(u)>;
            if constexpr (std::is_same_v<T, protocol::NewMessageUpdate>)
                storeMessage(u.message, true);
            else if constexpr (std::is_same_v<T, protocol::NewChatUpdate>)
                storeChat(u.chat);
            else if constexpr (std::is_same_v<T, protocol::ReadInboxUpdate>)
                readInbox(u.chatId, u.maxId);
            else if constexpr (std::is_same_v<T, protocol::ReadOutboxUpdate>)
                readOutbox(u.chatId, u.maxId);
            else if constexpr (std::is_same_v<T, protocol::DeliveredUpdate>)
                delivered(u.chatId, u.maxId);
            // UnknownUpdate: nothing to store; pts still advances.
        },
        update);
}

void StoreWriter::storePts(qint64 pts, bool forwardOnly) {
    must(m_db.cached("INSERT OR IGNORE INTO account(id) VALUES (1)").run(), "account row");
    auto &stmt = m_db.cached(forwardOnly ? "UPDATE account SET pts = max(pts, ?1) WHERE id = 1"
                                         : "UPDATE account SET pts = ?1 WHERE id = 1");
    must(stmt.bind(1, pts).run(), "store pts");
}

void StoreWriter::ensureChat(qint64 chatId) {
    must(m_db.cached("INSERT OR IGNORE INTO chats(id) VALUES (?1)").bind(1, chatId).run(),
         "ensure chat");
}

void StoreWriter::refreshLastMessage(qint64 chatId) {
    auto &last = m_db.cached("SELECT local_id, sort_key, date FROM messages WHERE chat_id = ?1 "
                             "ORDER BY sort_key DESC LIMIT 1");
    last.bind(1, chatId);
    qint64 localId = 0, sortKey = 0, date = 0;
    if (last.next()) {
        localId = last.int64(0);
        sortKey = last.int64(1);
        date = last.int64(2);
    }
    must(last.ok(), "find last message");
    auto &update = m_db.cached("UPDATE chats SET last_local_id = ?1, last_sort_key = ?2, "
                               "last_date = ?3 WHERE id = ?4");
    must(update.bind(1, localId).bind(2, sortKey).bind(3, date).bind(4, chatId).run(),
         "update last message");
    markChatChanged(chatId);
}

void StoreWriter::storeMessage(const protocol::Message &message, bool countUnread) {
    auto &exists = m_db.cached("SELECT 1 FROM messages WHERE server_id = ?1");
    if (exists.bind(1, message.id).next())
        return; // already stored: applying the same update twice changes nothing
    must(exists.ok(), "look up message");

    if (message.randomId != 0) {
        auto &pending = m_db.cached("SELECT local_id, pending FROM messages WHERE random_id = ?1");
        if (pending.bind(1, message.randomId).next()) {
            const qint64 localId = pending.int64(0);
            if (pending.int64(1) == 0)
                return; // that random id already became another server message
            // The update trigger removes the old text from the index: it must be indexed.
            indexQueuedTexts();
            auto &sent = m_db.cached(
                "UPDATE messages SET server_id = ?1, chat_id = ?2, sender_id = ?3, date = ?4, "
                "text = ?5, pending = 0, sort_key = ?1 WHERE local_id = ?6");
            must(sent.bind(1, message.id)
                     .bind(2, message.chatId)
                     .bind(3, message.senderId)
                     .bind(4, message.date)
                     .bind(5, message.text)
                     .bind(6, localId)
                     .run(),
                 "mark pending as sent");
            m_changes.updatedMessages.append(messageRecordFrom(message, localId));
            refreshLastMessage(message.chatId);
            return;
        }
        must(pending.ok(), "look up pending");
    }

    auto &insert = m_db.cached(
        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, random_id, pending, "
        "sort_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?1)");
    must(insert.bind(1, message.id)
             .bind(2, message.chatId)
             .bind(3, message.senderId)
             .bind(4, message.date)
             .bind(5, message.text)
             .bindIdOrNull(6, message.randomId)
             .run(),
         "insert message");
    const qint64 localId = m_db.lastInsertRowId();
    m_unindexed.append({localId, message.text});
    m_changes.insertedMessages.append(messageRecordFrom(message, localId));

    ensureChat(message.chatId);
    // OR IGNORE on the two per-message UPDATEs: their values are never NULL and chats has no
    // UNIQUE column, so no row can be skipped; but a statement that may abort gets its own
    // savepoint, which journals (and SQLCipher encrypts) every page it touches and makes FTS4
    // flush. The job's savepoint keeps the message and its chat summary all-or-nothing.
    auto &last = m_db.cached("UPDATE OR IGNORE chats SET last_local_id = ?1, last_sort_key = ?2, "
                             "last_date = ?3 WHERE id = ?4 AND last_sort_key < ?2");
    must(last.bind(1, localId)
             .bind(2, message.id)
             .bind(3, message.date)
             .bind(4, message.chatId)
             .run(),
         "update last message");
    if (countUnread && message.senderId != m_selfUserId) {
        auto &unread = m_db.cached("UPDATE OR IGNORE chats SET unread_count = unread_count + 1 "
                                   "WHERE id = ?1 AND read_inbox_max_id < ?2");
        must(unread.bind(1, message.chatId).bind(2, message.id).run(), "count unread");
    }
    markChatChanged(message.chatId);
}

void StoreWriter::storeChat(const protocol::Chat &chat) {
    ensureChat(chat.id);
    QStringList members;
    for (qint64 id : chat.memberIds)
        members.append(QString::number(id));
    auto &update =
        m_db.cached("UPDATE chats SET kind = ?1, title = ?2, member_ids = ?3 WHERE id = ?4");
    must(update.bind(1, protocol::chatKindName(chat.kind))
             .bind(2, chat.title)
             .bind(3, members.join(QLatin1Char(',')))
             .bind(4, chat.id)
             .run(),
         "store chat");
    markChatChanged(chat.id);
}

void StoreWriter::readInbox(qint64 chatId, qint64 maxId) {
    ensureChat(chatId);
    // Unread = the other side's sent messages above the mark that are stored here.
    auto &update = m_db.cached(
        "UPDATE chats SET read_inbox_max_id = ?2, unread_count = (SELECT count(*) FROM messages "
        "WHERE chat_id = ?1 AND sort_key > ?2 AND sort_key < ?3 AND sender_id != ?4) "
        "WHERE id = ?1 AND read_inbox_max_id < ?2");
    must(
        update.bind(1, chatId).bind(2, maxId).bind(3, kPendingSortBase).bind(4, m_selfUserId).run(),
        "read inbox");
    if (m_db.changes() > 0)
        markChatChanged(chatId);
}

void StoreWriter::raiseMark(const char *sql, qint64 chatId, qint64 maxId) {
    ensureChat(chatId);
    must(m_db.cached(sql).bind(1, chatId).bind(2, maxId).run(), "raise mark");
    if (m_db.changes() > 0) {
        markChatChanged(chatId);
        if (!m_movedChats.contains(chatId)) {
            m_movedChats.insert(chatId);
            m_changes.chatsWithNewPositions.append(chatId);
        }
    }
}

void StoreWriter::readOutbox(qint64 chatId, qint64 maxId) {
    raiseMark("UPDATE chats SET read_outbox_max_id = ?2 WHERE id = ?1 AND read_outbox_max_id < ?2",
              chatId, maxId);
}

void StoreWriter::delivered(qint64 chatId, qint64 maxId) {
    raiseMark("UPDATE chats SET delivered_max_id = ?2 WHERE id = ?1 AND delivered_max_id < ?2",
              chatId, maxId);
}

void StoreWriter::replaceChats(const QList<protocol::ChatSummary> &chats, qint64 pts) {
    QSet<qint64> keep;
    for (const auto &summary : chats)
        keep.insert(summary.chat.id);
    QList<qint64> gone;
    auto &all = m_db.cached("SELECT id FROM chats");
    while (all.next())
        if (!keep.contains(all.int64(0)))
            gone.append(all.int64(0));
    must(all.ok(), "list chats");
    for (qint64 id : gone) // the chat row only: cached messages stay
        must(m_db.cached("DELETE FROM chats WHERE id = ?1").bind(1, id).run(), "drop chat");

    for (const auto &summary : chats) {
        storeChat(summary.chat);
        if (summary.lastMessage)
            storeMessage(*summary.lastMessage, false);
        auto &marks = m_db.cached(
            "UPDATE chats SET unread_count = ?2, read_inbox_max_id = ?3, read_outbox_max_id = ?4, "
            "delivered_max_id = ?5 WHERE id = ?1");
        must(marks.bind(1, summary.chat.id)
                 .bind(2, summary.unreadCount)
                 .bind(3, summary.readInboxMaxId)
                 .bind(4, summary.readOutboxMaxId)
                 .bind(5, summary.deliveredMaxId)
                 .run(),
             "store chat marks");
        refreshLastMessage(summary.chat.id);
    }
    storePts(pts, false);
    m_changes.reset = true;
}

void StoreWriter::storeUsers(const QList<protocol::User> &users) {
    for (const auto &user : users) {
        auto &stmt = m_db.cached(
            "INSERT OR REPLACE INTO users(id, username, display_name) VALUES (?1, ?2, ?3)");
        must(stmt.bind(1, user.id).bind(2, user.username).bind(3, user.displayName).run(),
             "store user");
    }
}

MessageRecord StoreWriter::enqueueOutgoing(qint64 chatId, qint64 senderId, const QString &text,
                                           qint64 randomId, qint64 date) {
    auto &existing = m_db.cached("SELECT " MSGR_MESSAGE_COLUMNS " FROM messages "
                                 "WHERE random_id = ?1");
    if (existing.bind(1, randomId).next())
        return messageRecordFromRow(existing); // enqueued before: one row per random id
    must(existing.ok(), "look up outbox");

    auto &insert = m_db.cached(
        "INSERT INTO messages(server_id, chat_id, sender_id, date, text, random_id, pending, "
        "sort_key) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, 1, ?6)");
    must(insert.bind(1, chatId)
             .bind(2, senderId)
             .bind(3, date)
             .bind(4, text)
             .bindIdOrNull(5, randomId)
             .bind(6, kPendingSortBase)
             .run(),
         "insert pending");
    MessageRecord record;
    record.localId = m_db.lastInsertRowId();
    m_unindexed.append({record.localId, text});
    record.chatId = chatId;
    record.senderId = senderId;
    record.date = date;
    record.text = text;
    record.randomId = randomId;
    record.pending = true;
    must(m_db.cached("UPDATE messages SET sort_key = ?1 WHERE local_id = ?2")
             .bind(1, kPendingSortBase + record.localId)
             .bind(2, record.localId)
             .run(),
         "order pending");
    ensureChat(chatId);
    refreshLastMessage(chatId);
    m_changes.insertedMessages.append(record);
    return record;
}

void StoreWriter::saveAccount(const AccountState &account) {
    must(m_db.cached("INSERT OR IGNORE INTO account(id) VALUES (1)").run(), "account row");
    auto &stmt = m_db.cached("UPDATE account SET user_id = ?1, device_id = ?2, username = ?3, "
                             "token = ?4, pts = ?5 WHERE id = 1");
    must(stmt.bind(1, account.userId)
             .bind(2, account.deviceId)
             .bind(3, account.username)
             .bind(4, account.token)
             .bind(5, account.pts)
             .run(),
         "save account");
    m_selfUserId = account.userId;
}

void StoreWriter::clearAccount() {
    must(m_db.cached("UPDATE account SET token = '' WHERE id = 1").run(), "clear account");
}

} // namespace msgr::storage
