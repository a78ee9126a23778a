#pragma once
//! chats.* of docs/protocol.md §5: open a private chat, list the user's chats. Plain values,
//! thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

struct ChatResult {
    Chat chat;
    qint64 pts = 0; // the caller's pts after the chat was created (0 when absent)

    QCborMap toCbor() const;
    static std::optional<ChatResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChatResult &, const ChatResult &) = default;
};

struct ChatsResult {
    QList<ChatSummary> chats;
    qint64 pts = 0; // read before the chats: an update in between comes again by getDifference

    QCborMap toCbor() const;
    static std::optional<ChatsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChatsResult &, const ChatsResult &) = default;
};

struct OpenPrivateChat {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsOpenPrivate;
    qint64 userId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<OpenPrivateChat> decode(const QCborValue &args);
    friend bool operator==(const OpenPrivateChat &, const OpenPrivateChat &) = default;
};

struct ListChats {
    using Result = ChatsResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsList;

    QCborMap toCbor() const { return {}; }
    static Decoded<ListChats> decode(const QCborValue &args);
    friend bool operator==(const ListChats &, const ListChats &) = default;
};

} // namespace msgr::protocol::api
