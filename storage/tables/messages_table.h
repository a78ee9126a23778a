#pragma once
//! The messages table: stored server messages and this account's pending ones, their order
//! (message_order.h), the full-text index over their texts. Records only; what a server message
//! means for the chat (unread counts, adopting a pending row) is core's rule
//! (core/sync/sync_writes.h). Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <optional>

namespace msgr::storage {

inline constexpr int kMaxPageSize = 500;
inline constexpr int kMaxSearchResults = 200;
inline constexpr int kMaxSearchQueryChars = 256;

struct MessagesTable {
    //! The local id of the message with this server id in this chat, if it is stored.
    static std::optional<qint64> findSent(ReadTransaction &tx, qint64 chatId, qint64 serverId);
    //! The row holding this random id (pending, or already adopted by a server message).
    static std::optional<MessageRecord> findByRandomId(ReadTransaction &tx, qint64 randomId);
    //! Inserts a server message (record.serverId != 0); returns it with localId and sortKey.
    static MessageRecord insertSent(WriteTransaction &tx, MessageRecord record);
    //! The pending row `localId` becomes the server's message `sent` (same localId).
    static MessageRecord adoptPending(WriteTransaction &tx, qint64 localId, MessageRecord sent);
    //! Stores a message typed by the user as pending; one row per random id (a second call
    //! returns the first row). `replyToId`: the server id of the chat's message it answers
    //! (0: none); its quote is taken from the stored copy until the server's comes.
    static MessageRecord insertPending(WriteTransaction &tx, qint64 chatId, qint64 senderId,
                                       const QString &text, qint64 randomId, qint64 date,
                                       const QList<AttachmentRecord> &attachments = {},
                                       qint64 replyToId = 0);
    //! Removes a pending message (the user cancelled it) with its attachments; its chat id,
    //! or nothing when no such pending row exists (sent meanwhile, or removed before).
    static std::optional<qint64> removePending(WriteTransaction &tx, qint64 localId);
    //! The server's edit of a stored message (docs/protocol.md §16): its text and editedAt,
    //! unless the stored copy is as new or newer (a replayed or late update). The row as it is
    //! now, or nothing when no such message is stored or nothing changed.
    //! (messages_table_actions.cpp)
    static std::optional<MessageRecord> applyEdit(WriteTransaction &tx, qint64 chatId,
                                                  qint64 serverId, const QString &text,
                                                  qint64 editedAt);
    //! Removes a server message (deleted for everyone, or by this user for themselves) with
    //! its attachments and its search entry; the row as it was, or nothing when it was not
    //! stored. (messages_table_actions.cpp)
    static std::optional<MessageRecord> removeSent(WriteTransaction &tx, qint64 chatId,
                                                   qint64 serverId);
    //! One message with its attachments.
    static std::optional<MessageRecord> load(ReadTransaction &tx, qint64 localId);
    //! The server refused this pending message for good: it stays, marked failed with the
    //! reason (None counts as Refused).
    static void markFailed(WriteTransaction &tx, qint64 localId,
                           SendFailure reason = SendFailure::Refused);
    //! The user retries a refused message: it is pending again (sent with the same random id).
    //! The message, or nothing when it is not a failed pending row.
    static std::optional<MessageRecord> clearFailed(WriteTransaction &tx, qint64 localId);

    //! The newest `limit` messages older than `beforeLocalId` (0 = newest), ascending.
    static QList<MessageRecord> page(ReadTransaction &tx, qint64 chatId, qint64 beforeLocalId,
                                     int limit);
    //! A window of messages centred on one message (for a search jump), ascending.
    static QList<MessageRecord> around(ReadTransaction &tx, qint64 chatId, qint64 localId,
                                       int limit);
    //! Pending messages, oldest first (to resend after a restart; refused ones are marked failed).
    static QList<MessageRecord> outbox(ReadTransaction &tx);
    //! Local ids of refused messages in one chat (0 = every chat), ascending.
    static QList<qint64> failed(ReadTransaction &tx, qint64 chatId);
    //! Search over the whole local history, newest first (by date): every word of `query`
    //! must occur, case-insensitive: as a word prefix in any message (the FTS4 index inside the
    //! encrypted file), and also inside a word ("flow" in "overflow") in the newest 5,000.
    static QList<SearchHit> search(ReadTransaction &tx, const QString &query, int limit);
    //! The user's words as an FTS4 query: every word must match, each as a prefix; operators
    //! and quotes typed by the user are not interpreted. Empty when there is no word.
    static QString ftsQueryFor(const QString &userText);
};

} // namespace msgr::storage
