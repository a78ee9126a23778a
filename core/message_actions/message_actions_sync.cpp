#include "core/message_actions/message_actions_sync.h"

#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"

namespace msgr::core {

using storage::ChatsTable;
using storage::MessagesTable;

void MessageActionsSync::applyEdit(storage::WriteTransaction &tx,
                                   const protocol::Message &message) {
    if (MessagesTable::applyEdit(tx, message.chatId, message.id, message.text, message.editedAt))
        ChatsTable::refreshLastMessage(tx, message.chatId); // the list shows the new text
}

void MessageActionsSync::applyDelete(storage::WriteTransaction &tx, qint64 chatId,
                                     const QList<qint64> &messageIds) {
    bool removedAny = false;
    for (const qint64 serverId : messageIds) {
        const std::optional<storage::MessageRecord> removed =
            MessagesTable::removeSent(tx, chatId, serverId);
        if (!removed)
            continue;
        removedAny = true;
        if (removed->senderId != tx.selfUserId())
            ChatsTable::uncountUnread(tx, chatId, serverId);
    }
    if (removedAny)
        ChatsTable::refreshLastMessage(tx, chatId);
}

} // namespace msgr::core
