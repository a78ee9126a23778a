#pragma once
//! messages.edit and messages.delete (docs/protocol.md §16): a sender corrects a message, and
//! anyone removes messages from their own view or (their own, or as a group's admin) from
//! everyone's. Each change is an update in the log of every member it concerns, so every device
//! learns it live or through getDifference. Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>
#include <QLatin1StringView>
#include <QList>

namespace msgr::protocol::api {

//! How long after sending a sender may edit a message, or delete it for everyone (48 h, as in
//! Telegram's groups). The server's --message-edit-window-ms overrides it (tests).
inline constexpr qint64 kDefaultEditWindowMs = 48LL * 3600 * 1000;
//! Messages one messages.delete may name (Telegram's own cap per call).
inline constexpr int kMaxDeleteIds = 100;

//! Who stops seeing the deleted messages.
enum class DeleteScope {
    Me,       // only the caller (all of their devices); the others keep them
    Everyone, // every member: the messages are gone from the chat
};
QString deleteScopeName(DeleteScope scope);
std::optional<DeleteScope> deleteScopeFromName(const QString &name);

struct EditResult {
    Message message; // as the caller sees it after the edit (editedAt set)
    qint64 pts = 0;  // the caller's, once the edit was logged

    QCborMap toCbor() const;
    static std::optional<EditResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const EditResult &, const EditResult &) = default;
};

//! Replaces the text of one of the caller's own messages sent less than the edit window ago.
//! Only the text changes; attachments stay. The same text again changes nothing (a retry after
//! a lost answer is harmless).
struct EditMessage {
    using Result = EditResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesEdit;
    qint64 chatId = 0;    // ≥ 1
    qint64 messageId = 0; // ≥ 1
    QString text;         // 0..kMaxTextChars; empty only when the message has attachments

    QCborMap toCbor() const;
    static Decoded<EditMessage> decode(const QCborValue &args);
    friend bool operator==(const EditMessage &, const EditMessage &) = default;
};

struct DeleteResult {
    QList<qint64> messageIds; // those this call removed (already gone ones are left out)
    qint64 pts = 0;           // the caller's, once the deletion was logged

    QCborMap toCbor() const;
    static std::optional<DeleteResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const DeleteResult &, const DeleteResult &) = default;
};

//! Deletes messages of one chat for the caller alone or for everyone. Ids that name no message
//! of the chat (already deleted, never there) are skipped, so a retry is harmless.
struct DeleteMessages {
    using Result = DeleteResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesDelete;
    qint64 chatId = 0;                   // ≥ 1
    QList<qint64> messageIds;            // 1..kMaxDeleteIds, each ≥ 1
    DeleteScope scope = DeleteScope::Me; // required on the wire: "me" | "everyone"

    QCborMap toCbor() const;
    static Decoded<DeleteMessages> decode(const QCborValue &args);
    friend bool operator==(const DeleteMessages &, const DeleteMessages &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! A message of one of the user's chats was edited: the whole message as the user sees it.
//! Listed in the Update variant (protocol/updates.h).
struct MessageEditedUpdate {
    static constexpr QLatin1StringView type{"messageEdited"};
    Message message;
    QCborMap fields() const;
    static std::optional<MessageEditedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const MessageEditedUpdate &, const MessageEditedUpdate &) = default;
};

//! Messages of one of the user's chats are gone for this user (deleted for everyone, or by the
//! user for themselves on some device). Applying it twice is harmless.
struct MessagesDeletedUpdate {
    static constexpr QLatin1StringView type{"messagesDeleted"};
    qint64 chatId = 0;
    QList<qint64> messageIds; // 1..api::kMaxDeleteIds
    QCborMap fields() const;
    static std::optional<MessagesDeletedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const MessagesDeletedUpdate &, const MessagesDeletedUpdate &) = default;
};

} // namespace msgr::protocol
