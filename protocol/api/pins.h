#pragma once
//! chats.setPinned / chats.listPinned: a user's pinned chats (Telegram's pinned dialogs). The
//! order is the user's own, most recently pinned first, and is the same on all their devices:
//! every change is logged to the user as one pinnedChats update carrying the whole order, so a
//! device that applies it twice or late ends in the same state. Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"

#include <QCborValue>
#include <QLatin1StringView>
#include <QList>

namespace msgr::protocol::api {

//! Telegram's free limit; the server refuses a further pin with LIMIT_EXCEEDED.
inline constexpr int kMaxPinnedChats = 5;

//! The caller's pinned chats after the request, most recently pinned first.
struct PinnedChatsResult {
    QList<qint64> chatIds; // at most kMaxPinnedChats
    qint64 pts = 0;        // the caller's pts once the change (if any) was logged

    QCborMap toCbor() const;
    static std::optional<PinnedChatsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const PinnedChatsResult &, const PinnedChatsResult &) = default;
};

//! Pins a chat the caller is a member of at the top, or unpins it. Pinning a pinned chat or
//! unpinning one that is not pinned changes nothing (a retry after a lost answer is harmless).
struct SetChatPinned {
    using Result = PinnedChatsResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsSetPinned;
    qint64 chatId = 0; // ≥ 1
    bool pinned = true;

    QCborMap toCbor() const;
    static Decoded<SetChatPinned> decode(const QCborValue &args);
    friend bool operator==(const SetChatPinned &, const SetChatPinned &) = default;
};

//! The caller's pinned chats: how a new device (or one past tooLong) learns them.
struct ListPinnedChats {
    using Result = PinnedChatsResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsListPinned;

    QCborMap toCbor() const { return {}; }
    static Decoded<ListPinnedChats> decode(const QCborValue &args);
    friend bool operator==(const ListPinnedChats &, const ListPinnedChats &) = default;
};

} // namespace msgr::protocol::api
