#pragma once
//! The sync bookkeeping that survives restarts: the account log's pts, which chats have their
//! whole history stored, and which read marks the server has not acknowledged yet.
//! Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QHash>

namespace msgr::storage {

struct SyncStateTable {
    //! forwardOnly: never move pts backwards (a replayed batch is harmless).
    static void storePts(WriteTransaction &tx, qint64 pts, bool forwardOnly);

    //! The server said nothing older than the stored messages exists.
    static void markHistoryComplete(WriteTransaction &tx, qint64 chatId);
    static bool historyComplete(ReadTransaction &tx, qint64 chatId);

    //! Raises the chat's "read up to maxId, not yet told the server" mark.
    static void raisePendingRead(WriteTransaction &tx, qint64 chatId, qint64 maxId);
    //! The server acknowledged reading up to maxId: clears the mark if not raised since.
    static void clearPendingRead(WriteTransaction &tx, qint64 chatId, qint64 maxId);
    //! chat id -> max id.
    static QHash<qint64, qint64> pendingReads(ReadTransaction &tx);
};

} // namespace msgr::storage
