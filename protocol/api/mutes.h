#pragma once
//! chats.setMuted / chats.listMuted: a user's muted chats (Telegram's "Mute for 1 hour / 8 hours
//! / 2 days / forever"). A muted chat still counts its unread messages but raises no
//! notification, shows a grey badge and stays out of the app's unread total. The setting is
//! the user's own and the same on all their devices: every change is logged to the user as a
//! chatMuted update. Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"

#include <QCborMap>
#include <QLatin1StringView>
#include <QList>

namespace msgr::protocol::api {

//! `mutedUntil` of a chat muted with no end: 9999-12-31T23:59:59Z in ms, exact in a double so a
//! JavaScript client reads it unchanged. Any later value is refused.
inline constexpr qint64 kMutedForever = 253402300799000;
//! The shortest timed mute (Telegram's shortest choice is an hour; a minute leaves room).
inline constexpr qint64 kMinMuteSeconds = 60;
//! The longest timed mute a client may ask for (a year; longer is "forever").
inline constexpr qint64 kMaxMuteSeconds = 366LL * 24 * 3600;
//! How many chats a user may have muted at once; a further mute is LIMIT_EXCEEDED. It bounds
//! chats.listMuted's answer (about 20 bytes an entry, far below the 1 MiB frame).
inline constexpr int kMaxMutedChats = 10000;

//! One muted chat: muted until `mutedUntil` (ms since the epoch, server clock), or forever
//! (kMutedForever). 0 means not muted (only in updates and setMuted's answer).
struct ChatMute {
    qint64 chatId = 0;
    qint64 mutedUntil = 0;

    QCborMap toCbor() const;
    static std::optional<ChatMute> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChatMute &, const ChatMute &) = default;
};

//! The chat's mute after chats.setMuted, with the pts of the caller's log once it was logged.
struct ChatMuteResult {
    ChatMute mute;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<ChatMuteResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChatMuteResult &, const ChatMuteResult &) = default;
};

//! Mutes a chat the caller is a member of, forever (no `forSeconds`) or for `forSeconds`
//! (60 s .. kMaxMuteSeconds, counted on the server's clock so a device with a wrong clock
//! mutes for the time the user chose), or unmutes it (`muted: false`, allowed for any chat).
//! Unmuting an unmuted chat, or muting forever a chat muted forever, logs nothing.
struct SetChatMuted {
    using Result = ChatMuteResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsSetMuted;
    qint64 chatId = 0;     // ≥ 1
    bool muted = true;     // required on the wire, like setPinned's `pinned`
    qint64 forSeconds = 0; // 0: forever (absent on the wire)

    QCborMap toCbor() const;
    static Decoded<SetChatMuted> decode(const QCborValue &args);
    friend bool operator==(const SetChatMuted &, const SetChatMuted &) = default;
};

//! The caller's chats muted now (a mute that has run out is not listed), with the pts it was
//! read at: how a new device, or one past tooLong, learns them.
struct MutedChatsResult {
    QList<ChatMute> chats; // at most kMaxMutedChats
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<MutedChatsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const MutedChatsResult &, const MutedChatsResult &) = default;
};

struct ListMutedChats {
    using Result = MutedChatsResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsListMuted;

    QCborMap toCbor() const { return {}; }
    static Decoded<ListMutedChats> decode(const QCborValue &args);
    friend bool operator==(const ListMutedChats &, const ListMutedChats &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! A chat's mute changed on one of the user's devices: the new end (0: unmuted), so applying
//! it twice or late is harmless. Listed in the Update variant (protocol/updates.h).
struct ChatMutedUpdate {
    static constexpr QLatin1StringView type{"chatMuted"};
    qint64 chatId = 0;
    qint64 mutedUntil = 0;
    QCborMap fields() const;
    static std::optional<ChatMutedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ChatMutedUpdate &, const ChatMutedUpdate &) = default;
};

} // namespace msgr::protocol
