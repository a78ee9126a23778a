#pragma once
//! The updates of docs/protocol.md §6: what a user's log holds and what is pushed live.
#include "protocol/api/channels.h"        // ChannelChangedUpdate, ChannelSubscriptionUpdate
#include "protocol/api/contacts.h"        // ContactChangedUpdate, BlockedChangedUpdate
#include "protocol/api/drafts.h"          // DraftUpdate
#include "protocol/api/groups.h"          // ChatChangedUpdate
#include "protocol/api/message_actions.h" // MessageEditedUpdate, MessagesDeletedUpdate
#include "protocol/api/mutes.h"           // ChatMutedUpdate
#include "protocol/api/photos.h"          // UserPhotoChangedUpdate
#include "protocol/api/pinned_messages.h" // ChatPinnedMessageUpdate
#include "protocol/api/pins.h"            // PinnedChatsUpdate
#include "protocol/api/profiles.h"        // ProfileChangedUpdate
#include "protocol/objects.h"

#include <QCborMap>
#include <QLatin1StringView>
#include <optional>

#include <variant>

namespace msgr::protocol {

// Each update type names itself on the wire (`type`) and encodes its own fields: the codec of
// updateToCbor()/updateFromCbor() is generic, so a new update type is its struct (in its
// feature's file) plus one entry in the Update variant below.

struct NewMessageUpdate {
    static constexpr QLatin1StringView type{"newMessage"};
    Message message;
    QCborMap fields() const;
    static std::optional<NewMessageUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const NewMessageUpdate &, const NewMessageUpdate &) = default;
};
struct NewChatUpdate {
    static constexpr QLatin1StringView type{"newChat"};
    Chat chat;
    QCborMap fields() const;
    static std::optional<NewChatUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const NewChatUpdate &, const NewChatUpdate &) = default;
};
//! A position in a chat (chatId, maxId): the read and delivery marks share their shape.
template <typename Tag> struct ChatPositionUpdate {
    static constexpr QLatin1StringView type = Tag::type;
    qint64 chatId = 0;
    qint64 maxId = 0;
    QCborMap fields() const {
        return {{QLatin1StringView("chatId"), chatId}, {QLatin1StringView("maxId"), maxId}};
    }
    static std::optional<ChatPositionUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ChatPositionUpdate &, const ChatPositionUpdate &) = default;
};
struct ReadInboxTag {
    static constexpr QLatin1StringView type{"readInbox"};
};
struct ReadOutboxTag {
    static constexpr QLatin1StringView type{"readOutbox"};
};
struct DeliveredTag {
    static constexpr QLatin1StringView type{"delivered"};
};
//! This user read the chat up to maxId (on any of their devices).
using ReadInboxUpdate = ChatPositionUpdate<ReadInboxTag>;
//! The other side read this user's messages up to maxId.
using ReadOutboxUpdate = ChatPositionUpdate<ReadOutboxTag>;
//! The other side's device stored this user's messages up to maxId.
using DeliveredUpdate = ChatPositionUpdate<DeliveredTag>;
//! An update type this build does not know; a client still advances its pts past it.
struct UnknownUpdate {
    QString type;
    friend bool operator==(const UnknownUpdate &, const UnknownUpdate &) = default;
};

using Update = std::variant<NewMessageUpdate, NewChatUpdate, ReadInboxUpdate, ReadOutboxUpdate,
                            DeliveredUpdate, PinnedChatsUpdate, ChatChangedUpdate,
                            ContactChangedUpdate, BlockedChangedUpdate, ProfileChangedUpdate,
                            ChannelChangedUpdate, ChannelSubscriptionUpdate, MessageEditedUpdate,
                            MessagesDeletedUpdate, ChatMutedUpdate, DraftUpdate,
                            ChatPinnedMessageUpdate, UserPhotoChangedUpdate, UnknownUpdate>;

//! One entry of a user's log.
struct LoggedUpdate {
    qint64 pts = 0;
    Update update;
    friend bool operator==(const LoggedUpdate &, const LoggedUpdate &) = default;
};

QCborMap updateToCbor(const Update &update);
std::optional<Update> updateFromCbor(const QCborMap &map, QString *error = nullptr);

} // namespace msgr::protocol
