#include "storage/tables/chats_table.h"

#include "storage/delivery_state.h"
#include "storage/message_order.h"
#include "storage/secret_chat_id.h"
#include "storage/storage_logging.h"
#include "storage/tables/photos_table.h"

#include <QHash>
#include <algorithm>

namespace msgr::storage {
namespace {

#define MSGR_CHAT_QUERY                                                                            \
    "SELECT c.id, c.kind, c.title, c.read_inbox_max_id, c.read_outbox_max_id, "                    \
    "c.delivered_max_id, c.unread_count, c.last_local_id, c.last_date, "                           \
    "IFNULL(m.text, ''), IFNULL(m.sender_id, 0), IFNULL(m.server_id, 0), IFNULL(m.pending, 0), "   \
    "IFNULL(m.failed, 0), IFNULL(p.position, -1), "                                                \
    "IFNULL((SELECT a.kind FROM message_attachments a WHERE a.local_id = c.last_local_id "         \
    "AND a.position = 0), -1), IFNULL(mu.muted_until, 0), c.pinned_message_id, c.self_role, "      \
    "IFNULL(d.date, 0), IFNULL(ch.megagroup, 0), IFNULL(ph.file_id, '') "                          \
    "FROM chats c LEFT JOIN messages m ON m.local_id = c.last_local_id "                           \
    "LEFT JOIN pinned_chats p ON p.chat_id = c.id LEFT JOIN chat_mutes mu ON mu.chat_id = c.id "   \
    "LEFT JOIN drafts d ON d.chat_id = c.id AND d.text != '' "                                     \
    "LEFT JOIN channels ch ON ch.chat_id = c.id "                                                  \
    "LEFT JOIN photos ph ON ph.subject_kind = 1 AND ph.subject_id = c.id "

ChatKind chatKindFromColumn(qint64 chatId, qint64 value) {
    switch (value) {
    case qint64(ChatKind::Private):
        return ChatKind::Private;
    case qint64(ChatKind::Group):
        return ChatKind::Group;
    case qint64(ChatKind::Channel):
        return ChatKind::Channel;
    default: // the CHECK constraint keeps this out; a damaged row shows as a private chat
        qCWarning(lcStorage) << "chat" << chatId << "has an unknown kind" << value;
        return ChatKind::Private;
    }
}

ChatRole roleFromColumn(qint64 value) {
    switch (value) {
    case qint64(ChatRole::Member):
        return ChatRole::Member;
    case qint64(ChatRole::Admin):
        return ChatRole::Admin;
    case qint64(ChatRole::Owner):
        return ChatRole::Owner;
    default: // -1 (stored before roles were kept) or a damaged row: the server decides
        return ChatRole::Unknown;
    }
}

//! A member's role as the server's Chat says (private chats: everyone is a member).
ChatRole memberRoleIn(const ChatInfo &chat, qint64 userId) {
    if (chat.kind != ChatKind::Group)
        return ChatRole::Member;
    if (chat.ownerId == userId)
        return ChatRole::Owner;
    return chat.adminIds.contains(userId) ? ChatRole::Admin : ChatRole::Member;
}

//! The signed-in user's role as the server's Chat says (no self id yet: not known).
ChatRole selfRoleIn(const ChatInfo &chat, qint64 self) {
    if (self == 0)
        return ChatRole::Unknown;
    if (chat.kind != ChatKind::Group && chat.kind != ChatKind::Channel)
        return ChatRole::Member;
    if (chat.ownerId == self)
        return ChatRole::Owner;
    return chat.adminIds.contains(self) ? ChatRole::Admin : ChatRole::Member;
}

ChatRecord chatFromRow(const sql::Statement &row, const QList<qint64> &members, qint64 self) {
    ChatRecord c;
    c.id = row.int64(0);
    c.kind = chatKindFromColumn(c.id, row.int64(1));
    c.title = row.text(2);
    c.memberIds = members;
    if (c.kind == ChatKind::Private) {
        // The other member; yourself when the chat holds only you (Saved Messages).
        for (qint64 id : c.memberIds)
            if (id != self)
                c.peerUserId = id;
        if (c.peerUserId == 0 && c.memberIds.contains(self))
            c.peerUserId = self;
    }
    c.readInboxMaxId = row.int64(3);
    c.readOutboxMaxId = row.int64(4);
    c.deliveredMaxId = row.int64(5);
    c.unreadCount = static_cast<int>(row.int64(6));
    c.lastMessageLocalId = row.int64(7);
    c.lastDate = row.int64(8);
    c.lastText = row.text(9);
    c.lastSenderId = row.int64(10);
    c.pinnedPosition = static_cast<int>(row.int64(14));
    c.lastAttachmentKind = static_cast<int>(row.int64(15));
    c.mutedUntil = row.int64(16);
    c.pinnedMessageId = row.int64(17);
    c.selfRole = roleFromColumn(row.int64(18));
    c.draftDate = row.int64(19);
    c.megagroup = row.int64(20) != 0;
    c.photoFileId = row.text(21);
    if (c.lastMessageLocalId != 0)
        c.lastState = deliveryState({.mine = self != 0 && c.lastSenderId == self,
                                     .pending = row.int64(12) != 0,
                                     .failed = row.int64(13) != 0,
                                     .serverId = row.int64(11),
                                     .deliveredMaxId = c.deliveredMaxId,
                                     .readOutboxMaxId = c.readOutboxMaxId});
    return c;
}

//! A private chat shows its peer's profile photo (schema 30).
ChatRecord withPeerPhoto(ReadTransaction &tx, ChatRecord c) {
    if (c.kind == ChatKind::Private && c.peerUserId != 0)
        c.photoFileId = PhotosTable::load(tx, PhotoSubject::User, c.peerUserId).fileId;
    return c;
}

QList<qint64> membersOf(ReadTransaction &tx, qint64 chatId) {
    QList<qint64> out;
    auto &stmt = tx.db().cached(
        "SELECT user_id FROM chat_members WHERE chat_id = ?1 ORDER BY position, user_id");
    stmt.bind(1, chatId);
    while (stmt.next())
        out.append(stmt.int64(0));
    return out;
}

} // namespace

void ChatsTable::ensure(WriteTransaction &tx, qint64 chatId) {
    tx.must(tx.db().cached("INSERT OR IGNORE INTO chats(id) VALUES (?1)").bind(1, chatId).run(),
            "ensure chat");
}

void ChatsTable::store(WriteTransaction &tx, const ChatInfo &chat) {
    ensure(tx, chat.id);
    auto &update = tx.db().cached(
        "UPDATE chats SET kind = ?1, title = ?2, pinned_message_id = ?4, self_role = ?5 "
        "WHERE id = ?3");
    tx.must(update.bind(1, qint64(chat.kind))
                .bind(2, chat.title)
                .bind(3, chat.id)
                .bind(4, chat.pinnedMessageId)
                .bind(5, qint64(selfRoleIn(chat, tx.selfUserId())))
                .run(),
            "store chat");
    tx.must(tx.db().cached("DELETE FROM chat_members WHERE chat_id = ?1").bind(1, chat.id).run(),
            "forget members");
    for (qsizetype i = 0; i < chat.memberIds.size(); ++i) {
        auto &member = tx.db().cached("INSERT OR IGNORE INTO chat_members(chat_id, user_id, "
                                      "position, role) VALUES (?1, ?2, ?3, ?4)");
        tx.must(member.bind(1, chat.id)
                    .bind(2, chat.memberIds[i])
                    .bind(3, qint64(i))
                    .bind(4, qint64(memberRoleIn(chat, chat.memberIds[i])))
                    .run(),
                "store member");
    }
    if (chat.photo)
        PhotosTable::set(tx, PhotoSubject::Chat, chat.id, *chat.photo);
    tx.noteChatChanged(chat.id);
}

void ChatsTable::setPinnedMessage(WriteTransaction &tx, qint64 chatId, qint64 messageId) {
    auto &update = tx.db().cached(
        "UPDATE chats SET pinned_message_id = ?2 WHERE id = ?1 AND pinned_message_id != ?2");
    tx.must(update.bind(1, chatId).bind(2, messageId).run(), "pin message");
    if (tx.db().changes() > 0)
        tx.noteChatChanged(chatId);
}

void ChatsTable::unpinDeleted(WriteTransaction &tx, qint64 chatId,
                              const QList<qint64> &messageIds) {
    for (const qint64 id : messageIds) {
        auto &update = tx.db().cached(
            "UPDATE chats SET pinned_message_id = 0 WHERE id = ?1 AND pinned_message_id = ?2");
        tx.must(update.bind(1, chatId).bind(2, id).run(), "unpin deleted");
        if (tx.db().changes() > 0)
            tx.noteChatChanged(chatId);
    }
}

void ChatsTable::removeAllExcept(WriteTransaction &tx, const QSet<qint64> &keep) {
    QList<qint64> gone;
    // Channels are not in chats.list (docs/protocol.md §15): channels.list keeps them.
    auto &all = tx.db().cached("SELECT id FROM chats WHERE kind != 2");
    while (all.next())
        if (!keep.contains(all.int64(0)) && !isSecretChatId(all.int64(0))) // not the server's
            gone.append(all.int64(0));
    tx.must(all.ok(), "list chats");
    for (qint64 id : gone) { // the chat row and its members: cached messages stay
        tx.must(tx.db().cached("DELETE FROM chats WHERE id = ?1").bind(1, id).run(), "drop chat");
        tx.must(tx.db().cached("DELETE FROM chat_members WHERE chat_id = ?1").bind(1, id).run(),
                "drop members");
    }
}

void ChatsTable::setMarks(WriteTransaction &tx, qint64 chatId, const ChatMarks &marks) {
    auto &stmt = tx.db().cached(
        "UPDATE chats SET unread_count = ?2, read_inbox_max_id = ?3, read_outbox_max_id = ?4, "
        "delivered_max_id = ?5 WHERE id = ?1");
    tx.must(stmt.bind(1, chatId)
                .bind(2, qint64(marks.unreadCount))
                .bind(3, marks.readInboxMaxId)
                .bind(4, marks.readOutboxMaxId)
                .bind(5, marks.deliveredMaxId)
                .run(),
            "store chat marks");
    tx.noteChatChanged(chatId);
}

void ChatsTable::offerLastMessage(WriteTransaction &tx, const MessageRecord &message) {
    ensure(tx, message.chatId);
    // OR IGNORE on the per-message UPDATEs: their values are never NULL and the UNIQUE column
    // is not touched, so no row can be skipped; but a statement that may abort gets its own
    // savepoint, which journals (and SQLCipher encrypts) every page it touches and makes FTS4
    // flush. The job keeps the message and its chat summary all-or-nothing.
    auto &last = tx.db().cached("UPDATE OR IGNORE chats SET last_local_id = ?1, "
                                "last_sort_key = ?2, last_date = ?3 WHERE id = ?4 "
                                "AND last_sort_key < ?2");
    tx.must(last.bind(1, message.localId)
                .bind(2, sortKeyOf(message))
                .bind(3, message.date)
                .bind(4, message.chatId)
                .run(),
            "update last message");
    tx.noteChatChanged(message.chatId);
}

void ChatsTable::refreshLastMessage(WriteTransaction &tx, qint64 chatId) {
    ensure(tx, chatId);
    auto &last = tx.db().cached("SELECT local_id, sort_key, date FROM messages WHERE chat_id = ?1 "
                                "ORDER BY sort_key DESC LIMIT 1");
    last.bind(1, chatId);
    qint64 localId = 0, sortKey = 0, date = 0;
    if (last.next()) {
        localId = last.int64(0);
        sortKey = last.int64(1);
        date = last.int64(2);
    }
    tx.must(last.ok(), "find last message");
    auto &update = tx.db().cached("UPDATE chats SET last_local_id = ?1, last_sort_key = ?2, "
                                  "last_date = ?3 WHERE id = ?4");
    tx.must(update.bind(1, localId).bind(2, sortKey).bind(3, date).bind(4, chatId).run(),
            "update last message");
    tx.noteChatChanged(chatId);
}

void ChatsTable::countUnread(WriteTransaction &tx, qint64 chatId, qint64 serverId) {
    auto &unread = tx.db().cached("UPDATE OR IGNORE chats SET unread_count = unread_count + 1 "
                                  "WHERE id = ?1 AND read_inbox_max_id < ?2");
    tx.must(unread.bind(1, chatId).bind(2, serverId).run(), "count unread");
    tx.noteChatChanged(chatId);
}

void ChatsTable::countUnread(WriteTransaction &tx, qint64 chatId, const QList<qint64> &serverIds) {
    auto &mark = tx.db().cached("SELECT read_inbox_max_id FROM chats WHERE id = ?1");
    mark.bind(1, chatId);
    const bool found = mark.next();
    const qint64 readInboxMaxId = found ? mark.int64(0) : 0;
    tx.must(mark.ok(), "find read mark");
    if (!found)
        return; // as the per-message UPDATE: no row, nothing counted
    const auto unread = std::count_if(serverIds.cbegin(), serverIds.cend(),
                                      [readInboxMaxId](qint64 id) { return id > readInboxMaxId; });
    if (unread == 0)
        return;
    auto &add =
        tx.db().cached("UPDATE OR IGNORE chats SET unread_count = unread_count + ?2 WHERE id = ?1");
    tx.must(add.bind(1, chatId).bind(2, qint64(unread)).run(), "count unread");
    tx.noteChatChanged(chatId);
}

void ChatsTable::uncountUnread(WriteTransaction &tx, qint64 chatId, qint64 serverId) {
    auto &unread = tx.db().cached("UPDATE chats SET unread_count = max(unread_count - 1, 0) "
                                  "WHERE id = ?1 AND read_inbox_max_id < ?2");
    tx.must(unread.bind(1, chatId).bind(2, serverId).run(), "uncount unread");
    tx.noteChatChanged(chatId);
}

bool ChatsTable::raiseReadInbox(WriteTransaction &tx, qint64 chatId, qint64 maxId) {
    ensure(tx, chatId);
    auto &update = tx.db().cached(
        "UPDATE chats SET read_inbox_max_id = ?2, unread_count = (SELECT count(*) FROM messages "
        "WHERE chat_id = ?1 AND sort_key > ?2 AND sort_key < ?3 AND sender_id != ?4) "
        "WHERE id = ?1 AND read_inbox_max_id < ?2");
    tx.must(update.bind(1, chatId)
                .bind(2, maxId)
                .bind(3, kPendingSortBase)
                .bind(4, tx.selfUserId())
                .run(),
            "read inbox");
    if (tx.db().changes() == 0)
        return false;
    tx.noteChatChanged(chatId);
    return true;
}

namespace {

void raiseMark(WriteTransaction &tx, const char *sql, qint64 chatId, qint64 maxId) {
    ChatsTable::ensure(tx, chatId);
    tx.must(tx.db().cached(sql).bind(1, chatId).bind(2, maxId).run(), "raise mark");
    if (tx.db().changes() > 0)
        tx.noteChatMarksMoved(chatId);
}

} // namespace

void ChatsTable::raiseReadOutbox(WriteTransaction &tx, qint64 chatId, qint64 maxId) {
    raiseMark(tx,
              "UPDATE chats SET read_outbox_max_id = ?2 WHERE id = ?1 AND read_outbox_max_id < ?2",
              chatId, maxId);
}

void ChatsTable::raiseDelivered(WriteTransaction &tx, qint64 chatId, qint64 maxId) {
    raiseMark(tx, "UPDATE chats SET delivered_max_id = ?2 WHERE id = ?1 AND delivered_max_id < ?2",
              chatId, maxId);
}

QList<ChatRecord> ChatsTable::loadAll(ReadTransaction &tx) {
    QHash<qint64, QList<qint64>> members;
    auto &rows =
        tx.db().cached("SELECT chat_id, user_id FROM chat_members ORDER BY chat_id, position");
    while (rows.next())
        members[rows.int64(0)].append(rows.int64(1));
    QList<ChatRecord> out;
    auto &stmt =
        tx.db().cached(MSGR_CHAT_QUERY "ORDER BY p.position IS NULL, p.position, "
                                       "max(c.last_date, IFNULL(d.date, 0)) DESC, c.id DESC");
    while (stmt.next())
        out.append(chatFromRow(stmt, members.value(stmt.int64(0)), tx.selfUserId()));
    for (ChatRecord &c : out)
        c = withPeerPhoto(tx, std::move(c));
    return out;
}

std::optional<ChatRecord> ChatsTable::load(ReadTransaction &tx, qint64 chatId) {
    const QList<qint64> members = membersOf(tx, chatId);
    auto &stmt = tx.db().cached(MSGR_CHAT_QUERY "WHERE c.id = ?1");
    if (!stmt.bind(1, chatId).next())
        return std::nullopt;
    return withPeerPhoto(tx, chatFromRow(stmt, members, tx.selfUserId()));
}

QList<ChatMemberRecord> ChatsTable::members(ReadTransaction &tx, qint64 chatId) {
    QList<ChatMemberRecord> out;
    auto &stmt = tx.db().cached(
        "SELECT user_id, role FROM chat_members WHERE chat_id = ?1 ORDER BY position, user_id");
    stmt.bind(1, chatId);
    while (stmt.next()) {
        const ChatRole role = roleFromColumn(stmt.int64(1));
        out.append({stmt.int64(0), role == ChatRole::Unknown ? ChatRole::Member : role});
    }
    return out;
}

} // namespace msgr::storage
