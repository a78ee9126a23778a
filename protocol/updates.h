#pragma once
//! The updates of docs/protocol.md §6: what a user's log holds and what is pushed live.
#include "protocol/objects.h"

#include <variant>

namespace msgr::protocol {

struct NewMessageUpdate {
    Message message;
    friend bool operator==(const NewMessageUpdate &, const NewMessageUpdate &) = default;
};
struct NewChatUpdate {
    Chat chat;
    friend bool operator==(const NewChatUpdate &, const NewChatUpdate &) = default;
};
//! This user read the chat up to maxId (on any of their devices).
struct ReadInboxUpdate {
    qint64 chatId = 0;
    qint64 maxId = 0;
    friend bool operator==(const ReadInboxUpdate &, const ReadInboxUpdate &) = default;
};
//! The other side read this user's messages up to maxId.
struct ReadOutboxUpdate {
    qint64 chatId = 0;
    qint64 maxId = 0;
    friend bool operator==(const ReadOutboxUpdate &, const ReadOutboxUpdate &) = default;
};
//! The other side's device stored this user's messages up to maxId.
struct DeliveredUpdate {
    qint64 chatId = 0;
    qint64 maxId = 0;
    friend bool operator==(const DeliveredUpdate &, const DeliveredUpdate &) = default;
};
//! The user's pinned chats changed (on any of their devices): the whole order, most recently
//! pinned first, so applying it twice or after a later one is harmless.
struct PinnedChatsUpdate {
    QList<qint64> chatIds;
    friend bool operator==(const PinnedChatsUpdate &, const PinnedChatsUpdate &) = default;
};
//! An update type this build does not know; a client still advances its pts past it.
struct UnknownUpdate {
    QString type;
    friend bool operator==(const UnknownUpdate &, const UnknownUpdate &) = default;
};

using Update = std::variant<NewMessageUpdate, NewChatUpdate, ReadInboxUpdate, ReadOutboxUpdate,
                            DeliveredUpdate, PinnedChatsUpdate, UnknownUpdate>;

//! One entry of a user's log.
struct LoggedUpdate {
    qint64 pts = 0;
    Update update;
    friend bool operator==(const LoggedUpdate &, const LoggedUpdate &) = default;
};

QCborMap updateToCbor(const Update &update);
std::optional<Update> updateFromCbor(const QCborMap &map, QString *error = nullptr);

} // namespace msgr::protocol
