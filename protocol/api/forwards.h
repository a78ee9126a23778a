#pragma once
//! messages.forward (docs/protocol.md §19): copies of messages of one chat sent to another by
//! the caller, each naming its first author (Message::forwardedFrom), deduplicated per copy on
//! (sender, randomId) as messages.send is. Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"

#include <QCborValue>
#include <QList>

namespace msgr::protocol::api {

//! Messages of one messages.forward: the answer holds only the copies' ids, so it stays far
//! below the frame cap whatever the messages hold.
inline constexpr int kMaxForwardIds = 100;

struct ForwardResult {
    QList<qint64> messageIds; // the copies in toChatId, in the order asked
    qint64 pts = 0;           // the caller's, once the copies were logged
    bool duplicate = false;   // a randomId was used before: the stored copies, nothing new

    QCborMap toCbor() const;
    static std::optional<ForwardResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ForwardResult &, const ForwardResult &) = default;
};

struct ForwardMessages {
    using Result = ForwardResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesForward;
    qint64 fromChatId = 0;    // ≥ 1
    QList<qint64> messageIds; // 1..kMaxForwardIds, each ≥ 1, distinct
    qint64 toChatId = 0;      // ≥ 1
    QList<qint64> randomIds;  // one per messageId, each ≠ 0, distinct

    QCborMap toCbor() const;
    static Decoded<ForwardMessages> decode(const QCborValue &args);
    friend bool operator==(const ForwardMessages &, const ForwardMessages &) = default;
};

} // namespace msgr::protocol::api
