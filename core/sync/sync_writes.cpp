#include "core/sync/sync_writes.h"

#include "core/channels/channels_sync.h"
#include "core/contacts/contacts_sync.h"
#include "core/drafts/drafts_sync.h"
#include "core/message_actions/message_actions_sync.h"
#include "core/mutes/mutes_sync.h"
#include "core/pins/pins_sync.h"
#include "core/sync/record_mapping.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"
#include "storage/tables/photos_table.h"
#include "storage/tables/sync_state_table.h"
#include "storage/tables/users_table.h"

#include <QHash>
#include <QSet>
#include <variant>

namespace msgr::core {

using storage::ChatsTable;
using storage::MessagesTable;
using storage::SyncStateTable;

namespace {

//! The chat rows a run of newly inserted messages changes (newest message, unread count),
//! written once per chat when the run ends instead of once per message: a catch-up slice of
//! thousands of messages of one chat updates its row once. A run ends before any update other
//! than a plain insert (those read or recompute the row) and at the end of the slice.
class ChatRowBatch {
public:
    void noteInserted(const storage::MessageRecord &stored, bool unread) {
        Tail &tail = m_chats[stored.chatId];
        if (tail.newest.localId == 0 || tail.newest.sortKey < stored.sortKey)
            tail.newest = stored;
        if (unread)
            tail.unreadIds.append(stored.serverId);
    }
    void flush(storage::WriteTransaction &tx) {
        for (auto it = m_chats.cbegin(); it != m_chats.cend(); ++it) {
            ChatsTable::offerLastMessage(tx, it->newest);
            if (!it->unreadIds.isEmpty())
                ChatsTable::countUnread(tx, it.key(), it->unreadIds);
        }
        m_chats.clear();
    }

private:
    struct Tail {
        storage::MessageRecord newest;
        QList<qint64> unreadIds;
    };
    QHash<qint64, Tail> m_chats;
};

//! storeMessage; with `batch`, a plain insert leaves the chat row to the batch.
void storeMessageInto(storage::WriteTransaction &tx, const protocol::Message &message,
                      bool countUnread, ChatRowBatch *batch) {
    if (const std::optional<qint64> stored =
            MessagesTable::findSent(tx, message.chatId, message.id)) {
        if (batch)
            batch->flush(tx);
        // A channel post reaches its poster twice: from the channel's log, which carries no
        // randomId (docs/protocol.md §15), and in the answer to channels.post, which does. When
        // the log's copy came first, the pending row still becomes the post, so the post is one
        // row under the local id the chat view already shows.
        if (message.randomId != 0) {
            if (const auto row = MessagesTable::findByRandomId(tx, message.randomId);
                row && row->pending && row->localId != *stored) {
                MessagesTable::removeSent(tx, message.chatId, message.id);
                MessagesTable::adoptPending(tx, row->localId, toMessageRecord(message));
                ChatsTable::refreshLastMessage(tx, message.chatId);
                return;
            }
        }
        // Already stored: applying the same update twice changes nothing; a history page or
        // chat list with a newer edit of it corrects the text (docs/protocol.md §16).
        if (message.editedAt > 0)
            MessageActionsSync::applyEdit(tx, message);
        return;
    }
    if (message.randomId != 0) {
        if (const auto row = MessagesTable::findByRandomId(tx, message.randomId)) {
            if (batch)
                batch->flush(tx);
            if (!row->pending)
                return; // that random id already became another server message
            MessagesTable::adoptPending(tx, row->localId, toMessageRecord(message));
            ChatsTable::refreshLastMessage(tx, message.chatId);
            return;
        }
    }
    const storage::MessageRecord stored = MessagesTable::insertSent(tx, toMessageRecord(message));
    const bool unread = countUnread && message.senderId != tx.selfUserId();
    if (batch) {
        batch->noteInserted(stored, unread);
        return;
    }
    ChatsTable::offerLastMessage(tx, stored);
    if (unread)
        ChatsTable::countUnread(tx, message.chatId, message.id);
}

} // namespace

void SyncWrites::storeMessage(storage::WriteTransaction &tx, const protocol::Message &message,
                              bool countUnread) {
    storeMessageInto(tx, message, countUnread, nullptr);
}

void SyncWrites::applyUpdate(storage::WriteTransaction &tx, const protocol::Update &update) {
    std::visit(
        [&tx](const auto &u) {
            using T = std::decay_t<decltype(u)>;
            if constexpr (std::is_same_v<T, protocol::NewMessageUpdate>)
                storeMessage(tx, u.message, true);
            else if constexpr (std::is_same_v<T, protocol::NewChatUpdate> ||
                               std::is_same_v<T, protocol::ChatChangedUpdate>)
                ChatsTable::store(tx, toChatInfo(u.chat)); // a group's title or members
            else if constexpr (std::is_same_v<T, protocol::ReadInboxUpdate>)
                ChatsTable::raiseReadInbox(tx, u.chatId, u.maxId);
            else if constexpr (std::is_same_v<T, protocol::ReadOutboxUpdate>)
                ChatsTable::raiseReadOutbox(tx, u.chatId, u.maxId);
            else if constexpr (std::is_same_v<T, protocol::DeliveredUpdate>)
                ChatsTable::raiseDelivered(tx, u.chatId, u.maxId);
            else if constexpr (std::is_same_v<T, protocol::PinnedChatsUpdate>)
                PinsSync::apply(tx, u);
            else if constexpr (std::is_same_v<T, protocol::ChatMutedUpdate>)
                MutesSync::apply(tx, u);
            else if constexpr (std::is_same_v<T, protocol::MessageEditedUpdate>)
                MessageActionsSync::applyEdit(tx, u.message);
            else if constexpr (std::is_same_v<T, protocol::MessagesDeletedUpdate>) {
                MessageActionsSync::applyDelete(tx, u.chatId, u.messageIds);
                ChatsTable::unpinDeleted(tx, u.chatId, u.messageIds);
            } else if constexpr (std::is_same_v<T, protocol::DraftUpdate>)
                DraftsSync::apply(tx, u);
            else if constexpr (std::is_same_v<T, protocol::ChatPinnedMessageUpdate>)
                ChatsTable::setPinnedMessage(tx, u.chatId, u.messageId);
            else if constexpr (std::is_same_v<T, protocol::ChannelSubscriptionUpdate>)
                ChannelsSync::applySubscription(tx, u);
            else if constexpr (std::is_same_v<T, protocol::ChannelChangedUpdate>)
                ChannelsSync::applyChanged(tx, u);
            else if constexpr (std::is_same_v<T, protocol::ProfileChangedUpdate>)
                // The user's own profile changed on another device: its photo (§24).
                storage::PhotosTable::set(tx, storage::PhotoSubject::User, u.profile.user.id,
                                          toPhotoRecord(u.profile.photo));
            else if constexpr (std::is_same_v<T, protocol::UserPhotoChangedUpdate>)
                // A contact's or private-chat peer's new photo (§24.4): their chat's avatar.
                storage::PhotosTable::set(tx, storage::PhotoSubject::User, u.userId,
                                          toPhotoRecord(u.photo));
            else if constexpr (std::is_same_v<T, protocol::ContactChangedUpdate> ||
                               std::is_same_v<T, protocol::BlockedChangedUpdate>)
                ContactsSync::apply(tx, u);
            // UnknownUpdate: nothing to store; pts still advances.
        },
        update);
}

void SyncWrites::applyUpdates(storage::WriteTransaction &tx,
                              const QList<protocol::LoggedUpdate> &updates, qint64 newPts) {
    applyEntries(tx, updates);
    SyncStateTable::storePts(tx, newPts, true);
}

void SyncWrites::applyEntries(storage::WriteTransaction &tx,
                              const QList<protocol::LoggedUpdate> &updates) {
    ChatRowBatch chatRows;
    for (const protocol::LoggedUpdate &logged : updates) {
        if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&logged.update)) {
            storeMessageInto(tx, m->message, true, &chatRows);
            continue;
        }
        chatRows.flush(tx); // the update may read or recompute a chat row
        applyUpdate(tx, logged.update);
    }
    chatRows.flush(tx);
}

void SyncWrites::replaceChats(storage::WriteTransaction &tx,
                              const QList<protocol::ChatSummary> &chats, qint64 pts) {
    QSet<qint64> keep;
    for (const protocol::ChatSummary &summary : chats)
        keep.insert(summary.chat.id);
    ChatsTable::removeAllExcept(tx, keep);
    for (const protocol::ChatSummary &summary : chats) {
        ChatsTable::store(tx, toChatInfo(summary.chat));
        if (summary.lastMessage)
            storeMessage(tx, *summary.lastMessage, false);
        ChatsTable::setMarks(tx, summary.chat.id, toChatMarks(summary));
        ChatsTable::refreshLastMessage(tx, summary.chat.id);
    }
    SyncStateTable::storePts(tx, pts, false);
    tx.noteReset();
}

void SyncWrites::storeHistoryPage(storage::WriteTransaction &tx, qint64 chatId,
                                  const QList<protocol::Message> &messages, bool complete) {
    for (const protocol::Message &m : messages)
        if (m.chatId == chatId)
            storeMessage(tx, m, false);
    if (complete)
        SyncStateTable::markHistoryComplete(tx, chatId);
}

storage::MessageRecord
SyncWrites::enqueueOutgoing(storage::WriteTransaction &tx, qint64 chatId, qint64 senderId,
                            const QString &text, qint64 randomId, qint64 date,
                            const QList<storage::AttachmentRecord> &attachments, qint64 replyToId) {
    storage::MessageRecord record = MessagesTable::insertPending(
        tx, chatId, senderId, text, randomId, date, attachments, replyToId);
    ChatsTable::refreshLastMessage(tx, chatId);
    return record;
}

void SyncWrites::storeUsers(storage::WriteTransaction &tx, const QList<protocol::User> &users) {
    storage::UsersTable::store(tx, toUserRecords(users));
}

} // namespace msgr::core
