#pragma once
//! What messageEdited and messagesDeleted mean locally (docs/protocol.md §16): a stored
//! message takes the edited text (unless it holds a newer edit already); a deleted one goes
//! with its attachments and search entry, and its chat's last message and unread count follow.
//! Called by the sync layer inside the store job that also stores the new pts
//! (core/sync/sync_writes.cpp). Applying either twice is harmless. Storage thread only.
#include "protocol/objects.h"
#include "storage/transaction.h"

#include <QList>

namespace msgr::core {

struct MessageActionsSync {
    static void applyEdit(storage::WriteTransaction &tx, const protocol::Message &message);
    static void applyDelete(storage::WriteTransaction &tx, qint64 chatId,
                            const QList<qint64> &messageIds);
};

} // namespace msgr::core
