#pragma once
//! The account's pinned chats (pinned_chats, schema 7), most recently pinned first, as the
//! server's pinnedChats update or chats.listPinned last said. The chat list reads the position
//! through ChatsTable's query. Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QList>

namespace msgr::storage {

struct PinsTable {
    //! Replaces the order; every chat that was or is now pinned is noted changed, so the chat
    //! list moves exactly those rows.
    static void replace(WriteTransaction &tx, const QList<qint64> &chatIds);
    //! Most recently pinned first.
    static QList<qint64> load(ReadTransaction &tx);
};

} // namespace msgr::storage
