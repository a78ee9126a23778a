#pragma once
//! The chats table and its members (chat_members, one row per member): what the chat list
//! shows, each chat's read/delivery marks and its newest message. Records only; the rules that
//! decide when to call which (unread counting, reloads) are core's (core/sync/sync_writes.h).
//! Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <QSet>
#include <optional>

namespace msgr::storage {

struct ChatsTable {
    //! Makes sure the chat's row exists (a private chat with no title until told otherwise).
    static void ensure(WriteTransaction &tx, qint64 chatId);
    //! Kind, title and members as the server says.
    static void store(WriteTransaction &tx, const ChatInfo &chat);
    //! Every chat's row except those in `keep` and channels is removed (cached messages stay).
    //! The message pinned in the chat now (0: none), as a chatPinnedMessage update says.
    static void setPinnedMessage(WriteTransaction &tx, qint64 chatId, qint64 messageId);
    //! Deleted messages are pinned no more (the server cleared its pin too).
    static void unpinDeleted(WriteTransaction &tx, qint64 chatId, const QList<qint64> &messageIds);
    static void removeAllExcept(WriteTransaction &tx, const QSet<qint64> &keep);
    static void setMarks(WriteTransaction &tx, qint64 chatId, const ChatMarks &marks);

    //! `message` (just stored) becomes the chat's last message if it sorts after the current.
    static void offerLastMessage(WriteTransaction &tx, const MessageRecord &message);
    //! Looks the chat's newest message up again (after a row moved or was adopted).
    static void refreshLastMessage(WriteTransaction &tx, qint64 chatId);
    //! One more unread message, unless `serverId` is at or below the read mark.
    static void countUnread(WriteTransaction &tx, qint64 chatId, qint64 serverId);
    //! countUnread for each of `serverIds` (just stored), in one write of the chat's row.
    static void countUnread(WriteTransaction &tx, qint64 chatId, const QList<qint64> &serverIds);
    //! One unread message fewer (a deleted one), unless `serverId` is at or below the read mark.
    static void uncountUnread(WriteTransaction &tx, qint64 chatId, qint64 serverId);
    //! Raises the read mark to maxId (never lowers it); the unread count becomes the number of
    //! stored messages above it sent by someone else. False if the mark did not move.
    static bool raiseReadInbox(WriteTransaction &tx, qint64 chatId, qint64 maxId);
    static void raiseReadOutbox(WriteTransaction &tx, qint64 chatId, qint64 maxId);
    static void raiseDelivered(WriteTransaction &tx, qint64 chatId, qint64 maxId);

    //! Pinned chats first in their order (PinsTable), then newest first (last message date).
    static QList<ChatRecord> loadAll(ReadTransaction &tx);
    static std::optional<ChatRecord> load(ReadTransaction &tx, qint64 chatId);
    //! The chat's members with their roles (schema 24), in the server's order.
    static QList<ChatMemberRecord> members(ReadTransaction &tx, qint64 chatId);
};

} // namespace msgr::storage
