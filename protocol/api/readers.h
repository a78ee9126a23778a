#pragma once
//! messages.readers (docs/protocol.md §21; Telegram's getMessageReadParticipants): for the
//! sender of a message in a small group, where each other member is with it: not yet received
//! (sent), received by one of their devices (delivered), or read, and since when. Answered from
//! the members' delivered and read positions and the times those moved (no row per message per
//! member). Plain values, thread-safe.
#include "protocol/api/reply.h"

#include <QCborValue>
#include <QLatin1StringView>
#include <QList>

namespace msgr::protocol::api {

//! Groups up to this many members answer messages.readers; larger ones LIMIT_EXCEEDED (the
//! users' note: per-member statuses for groups of at most 100). Read marks are kept for these
//! groups only.
inline constexpr int kMaxReadListMembers = 100;

enum class ReaderState { Sent, Delivered, Read };
QString readerStateName(ReaderState state);
std::optional<ReaderState> readerStateFromName(const QString &name);

//! One other member and the message.
struct MessageReader {
    qint64 userId = 0;
    ReaderState state = ReaderState::Sent;
    qint64 at = 0; // when the state was reached (ms since the epoch); 0: not known, or sent

    QCborMap toCbor() const;
    static std::optional<MessageReader> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const MessageReader &, const MessageReader &) = default;
};

struct ReadersResult {
    QList<MessageReader> readers; // every member but the sender, ascending by user id

    QCborMap toCbor() const;
    static std::optional<ReadersResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ReadersResult &, const ReadersResult &) = default;
};

//! The read list of one message; only its sender may ask.
struct GetMessageReaders {
    using Result = ReadersResult;
    static constexpr QLatin1StringView method{"messages.readers"};
    qint64 chatId = 0;    // ≥ 1
    qint64 messageId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<GetMessageReaders> decode(const QCborValue &args);
    friend bool operator==(const GetMessageReaders &, const GetMessageReaders &) = default;
};

} // namespace msgr::protocol::api
