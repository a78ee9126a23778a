#pragma once
//! messages.pin and the chatPinnedMessage update (docs/protocol.md §17.4): the one message
//! pinned in a private chat or a group, shown above the chat's history (Telegram's pinned
//! message). The pin belongs to the chat, not to a user: it is the Chat object's
//! `pinnedMessageId`, and every change is logged to every member. Plain values, thread-safe.
#include "protocol/api/reply.h"

#include <QCborValue>
#include <QLatin1StringView>

namespace msgr::protocol {

//! The message pinned in `chatId` changed (`messageId` 0: unpinned). Applying it twice or late
//! is harmless. Listed in the Update variant (protocol/updates.h); logged to every member.
struct ChatPinnedMessageUpdate {
    static constexpr QLatin1StringView type{"chatPinnedMessage"};
    qint64 chatId = 0;
    qint64 messageId = 0; // 0: none
    QCborMap fields() const;
    static std::optional<ChatPinnedMessageUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ChatPinnedMessageUpdate &,
                           const ChatPinnedMessageUpdate &) = default;
};

} // namespace msgr::protocol

namespace msgr::protocol::api {

//! The chat's pinned message after messages.pin (0: none), with the caller's pts once logged.
struct PinMessageResult {
    qint64 chatId = 0;
    qint64 messageId = 0;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<PinMessageResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const PinMessageResult &, const PinMessageResult &) = default;
};

//! Pins `messageId` in a private chat or group the caller is a member of (replacing the message
//! pinned before), or unpins it (`pinned: false`: only when it is the one pinned; another id
//! changes nothing). In a group only the owner and admins may. The state already there
//! (a retry) logs nothing.
struct PinMessage {
    using Result = PinMessageResult;
    // Named here, not in protocol/methods.h, so adding it did not rebuild every file.
    static constexpr QLatin1StringView method{"messages.pin"};
    qint64 chatId = 0;    // ≥ 1
    qint64 messageId = 0; // ≥ 1
    bool pinned = true;   // required on the wire, like setPinned's `pinned`

    QCborMap toCbor() const;
    static Decoded<PinMessage> decode(const QCborValue &args);
    friend bool operator==(const PinMessage &, const PinMessage &) = default;
};

} // namespace msgr::protocol::api
