#pragma once
//! The account's muted chats (chat_mutes, schema 17) as the server's chatMuted updates and
//! chats.listMuted last said. The chat list reads the end of each mute through ChatsTable's
//! query. Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QHash>

namespace msgr::storage {

struct MutesTable {
    //! The chat's mute ends at `mutedUntil` (ms since the epoch); 0 removes it. Notes the chat
    //! changed when the value moved, so the chat list updates exactly that row.
    static void set(WriteTransaction &tx, qint64 chatId, qint64 mutedUntil);
    //! Replaces every mute with `mutedUntil` (chat -> end), as a full list from the server says;
    //! secret chats' mutes (this device's own) and channels' (their subscription's) stay.
    static void replace(WriteTransaction &tx, const QHash<qint64, qint64> &mutedUntil);
    //! chat -> end of its mute, ended ones included (the reader compares with its clock).
    static QHash<qint64, qint64> load(ReadTransaction &tx);
};

} // namespace msgr::storage
