#pragma once
//! messages.setTyping and the `typing` push (docs/protocol.md §17): "Alice is typing…".
//! Ephemeral: the server keeps nothing and logs nothing; it relays the notice to the other
//! members' live connections, and the receiver forgets it kTypingExpiryMs after the last
//! refresh. Plain values, thread-safe.
#include "protocol/api/reply.h"

#include <QCborValue>
#include <QLatin1StringView>

namespace msgr::protocol::api {

//! A typing client repeats its notice at most this often (and a receiver's indicator outlives
//! one refresh by kTypingExpiryMs - kTypingRefreshMs, a network delay's worth).
inline constexpr qint64 kTypingRefreshMs = 5'000;
//! A receiver drops an indicator not refreshed for this long (the sender went away silently).
inline constexpr qint64 kTypingExpiryMs = 6'000;

//! The caller starts (typing) or stops (not typing: the text was cleared or sent) typing in a
//! chat they are a member of. `{}` once relayed; NOT_FOUND for a chat the caller is not in.
struct SetTyping {
    using Result = Empty;
    // Named here, not in protocol/methods.h, so adding it did not rebuild every file.
    static constexpr QLatin1StringView method{"messages.setTyping"};
    qint64 chatId = 0; // ≥ 1
    bool typing = true;

    QCborMap toCbor() const;
    static Decoded<SetTyping> decode(const QCborValue &args);
    friend bool operator==(const SetTyping &, const SetTyping &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! Pushed (an `upd` frame without pts) to the other members' live connections: `userId` is
//! typing in `chatId`, or stopped. Not part of any update log: a device that was offline has
//! nothing to catch up on, as the notice is stale seconds later.
struct TypingUpdate {
    static constexpr QLatin1StringView type{"typing"};
    qint64 chatId = 0;
    qint64 userId = 0;
    bool typing = true;
    QCborMap fields() const;
    static std::optional<TypingUpdate> fromFields(const QCborMap &map, QString *error);
    //! The whole `u` map of the push (`type` and the fields).
    QCborMap toCbor() const;
    friend bool operator==(const TypingUpdate &, const TypingUpdate &) = default;
};

} // namespace msgr::protocol
