#pragma once
//! messages.* of docs/protocol.md §5: send, history pages, delivered and read positions. Plain
//! values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

struct SendResult {
    Message message;
    qint64 pts = 0;
    bool duplicate = false; // the randomId was sent before: this is the stored message

    QCborMap toCbor() const;
    static std::optional<SendResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const SendResult &, const SendResult &) = default;
};

struct MessagesResult {
    QList<Message> messages;
    //! messages.history: nothing older remains. Absent from servers that predate it; a page may
    //! be cut short by the frame cap, so only this says the history is complete.
    std::optional<bool> final;

    QCborMap toCbor() const;
    static std::optional<MessagesResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const MessagesResult &, const MessagesResult &) = default;
};

//! The answer of messages.read and updates.getState.
struct PtsResult {
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<PtsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const PtsResult &, const PtsResult &) = default;
};

struct SendMessage {
    using Result = SendResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesSend;
    qint64 chatId = 0;                  // ≥ 1
    qint64 randomId = 0;                // any but 0: makes a resend idempotent
    QString text;                       // 0..kMaxTextChars; empty only when there are attachments
    QList<Attachment> attachments = {}; // 0..kMaxAttachments (docs/protocol.md §11)
    qint64 replyToId = 0;               // §19: a message of the same chat; 0: not a reply

    QCborMap toCbor() const;
    static Decoded<SendMessage> decode(const QCborValue &args);
    friend bool operator==(const SendMessage &, const SendMessage &) = default;
};

struct GetHistory {
    using Result = MessagesResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesHistory;
    qint64 chatId = 0;   // ≥ 1
    qint64 beforeId = 0; // 0: the newest page
    int limit = 50;      // 1..kMaxHistoryLimit

    QCborMap toCbor() const;
    static Decoded<GetHistory> decode(const QCborValue &args);
    friend bool operator==(const GetHistory &, const GetHistory &) = default;
};

struct MarkReceived {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::MessagesReceived;
    qint64 chatId = 0; // ≥ 1
    qint64 maxId = 0;  // ≥ 0

    QCborMap toCbor() const;
    static Decoded<MarkReceived> decode(const QCborValue &args);
    friend bool operator==(const MarkReceived &, const MarkReceived &) = default;
};

struct MarkRead {
    using Result = PtsResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesRead;
    qint64 chatId = 0; // ≥ 1
    qint64 maxId = 0;  // ≥ 0

    QCborMap toCbor() const;
    static Decoded<MarkRead> decode(const QCborValue &args);
    friend bool operator==(const MarkRead &, const MarkRead &) = default;
};

} // namespace msgr::protocol::api
