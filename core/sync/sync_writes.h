#pragma once
//! What the server's words mean for the local database: the sync rules, written once, as
//! functions over one write transaction (they run inside a ProfileStore::write job, so a caller
//! can combine them with its own writes and the pts, all-or-nothing).
//! - A server message is stored once per (chat, server id); one carrying the random id of our
//!   pending row becomes that row (same local id); a random id already adopted is never reused.
//! - A live message from someone else above the read mark counts as unread; history pages and
//!   reloads never do.
//! - A reload (after tooLong) replaces the chat rows with the server's, keeps cached messages.
//! Storage thread only (inside a job). The caller keeps only values in its job.
#include "protocol/objects.h"
#include "protocol/updates.h"
#include "storage/transaction.h"

namespace msgr::core {

struct SyncWrites {
    //! countUnread: it arrived live, so it may raise the chat's unread count.
    static void storeMessage(storage::WriteTransaction &tx, const protocol::Message &message,
                             bool countUnread);
    static void applyUpdate(storage::WriteTransaction &tx, const protocol::Update &update);
    //! Applies updates in order (a slice of any pts log: the account's or a channel's).
    static void applyEntries(storage::WriteTransaction &tx,
                             const QList<protocol::LoggedUpdate> &updates);
    //! applyEntries() of the ACCOUNT log, and its newPts (never backwards) with them.
    static void applyUpdates(storage::WriteTransaction &tx,
                             const QList<protocol::LoggedUpdate> &updates, qint64 newPts);
    //! After tooLong or on first log-in: replaces chat states, keeps cached messages, sets pts.
    static void replaceChats(storage::WriteTransaction &tx,
                             const QList<protocol::ChatSummary> &chats, qint64 pts);
    //! One page of messages.history; `complete`: nothing older exists on the server.
    static void storeHistoryPage(storage::WriteTransaction &tx, qint64 chatId,
                                 const QList<protocol::Message> &messages, bool complete);
    //! Stores a message typed by the user as pending, the chat's newest (one row per random id).
    //! Attachments still uploading have no file id yet (the outbox waits for them).
    //! `replyToId`: the server id of the chat's message it answers (docs/protocol.md §19).
    static storage::MessageRecord
    enqueueOutgoing(storage::WriteTransaction &tx, qint64 chatId, qint64 senderId,
                    const QString &text, qint64 randomId, qint64 date,
                    const QList<storage::AttachmentRecord> &attachments = {}, qint64 replyToId = 0);
    static void storeUsers(storage::WriteTransaction &tx, const QList<protocol::User> &users);
};

} // namespace msgr::core
