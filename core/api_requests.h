#pragma once
//! Typed requests of docs/protocol.md §5: each names its method, builds its arguments and says
//! which typed result answers it. The shapes are written once here; ServerConnection::call()
//! sends them. Thread-safe (plain values).
#include "protocol/error_code.h"
#include "protocol/frame.h"
#include "protocol/methods.h"
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QCborMap>
#include <optional>

namespace msgr::core::api {

//! The answer to one request: a typed value, or the server's typed error, or a lost connection.
template <typename T> struct Reply {
    std::optional<T> value;
    protocol::Error error;       // valid when !value
    bool connectionLost = false; // the request may or may not have reached the server
    bool ok() const { return value.has_value(); }
};

// ---- results

struct Empty {
    static std::optional<Empty> fromCbor(const QCborMap &, QString *) { return Empty{}; }
};
struct AuthResult {
    qint64 userId = 0;
    qint64 deviceId = 0;
    QString token; // empty for auth.resume
    qint64 pts = 0;
    static std::optional<AuthResult> fromCbor(const QCborMap &map, QString *error);
};
struct PtsResult {
    qint64 pts = 0;
    static std::optional<PtsResult> fromCbor(const QCborMap &map, QString *error);
};
struct DevicesResult {
    QList<protocol::Device> devices;
    static std::optional<DevicesResult> fromCbor(const QCborMap &map, QString *error);
};
struct UsersResult {
    QList<protocol::User> users;
    static std::optional<UsersResult> fromCbor(const QCborMap &map, QString *error);
};
struct ChatResult {
    protocol::Chat chat;
    qint64 pts = 0;
    static std::optional<ChatResult> fromCbor(const QCborMap &map, QString *error);
};
struct ChatsResult {
    QList<protocol::ChatSummary> chats;
    qint64 pts = 0;
    static std::optional<ChatsResult> fromCbor(const QCborMap &map, QString *error);
};
struct SendResult {
    protocol::Message message;
    qint64 pts = 0;
    bool duplicate = false;
    static std::optional<SendResult> fromCbor(const QCborMap &map, QString *error);
};
struct MessagesResult {
    QList<protocol::Message> messages;
    //! messages.history: nothing older remains. Absent from servers that predate it; a page may
    //! be cut short by the frame cap, so only this says the history is complete.
    std::optional<bool> final;
    static std::optional<MessagesResult> fromCbor(const QCborMap &map, QString *error);
};
struct DifferenceResult {
    QList<protocol::LoggedUpdate> updates;
    qint64 pts = 0;
    bool final = true;
    bool tooLong = false;
    static std::optional<DifferenceResult> fromCbor(const QCborMap &map, QString *error);
};

// ---- requests

struct SignUp {
    using Result = AuthResult;
    static constexpr QLatin1StringView method = protocol::method::SignUp;
    QString username, password, deviceName, displayName;
    QCborMap args() const;
};
struct LogIn {
    using Result = AuthResult;
    static constexpr QLatin1StringView method = protocol::method::LogIn;
    QString username, password, deviceName;
    QCborMap args() const;
};
struct Resume {
    using Result = AuthResult;
    static constexpr QLatin1StringView method = protocol::method::Resume;
    QString token;
    QCborMap args() const;
};
struct LogOut {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::LogOut;
    QCborMap args() const { return {}; }
};
struct ListDevices {
    using Result = DevicesResult;
    static constexpr QLatin1StringView method = protocol::method::DevicesList;
    QCborMap args() const { return {}; }
};
struct RevokeDevice {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::DevicesRevoke;
    qint64 deviceId = 0;
    QCborMap args() const;
};
struct SearchUsers {
    using Result = UsersResult;
    static constexpr QLatin1StringView method = protocol::method::UsersSearch;
    QString query;
    int limit = 20;
    QCborMap args() const;
};
struct GetUsers {
    using Result = UsersResult;
    static constexpr QLatin1StringView method = protocol::method::UsersGet;
    QList<qint64> ids; // 1..100
    QCborMap args() const;
};
struct OpenPrivateChat {
    using Result = ChatResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsOpenPrivate;
    qint64 userId = 0;
    QCborMap args() const;
};
struct ListChats {
    using Result = ChatsResult;
    static constexpr QLatin1StringView method = protocol::method::ChatsList;
    QCborMap args() const { return {}; }
};
struct SendMessage {
    using Result = SendResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesSend;
    qint64 chatId = 0;
    qint64 randomId = 0;
    QString text;
    QCborMap args() const;
};
struct GetHistory {
    using Result = MessagesResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesHistory;
    qint64 chatId = 0;
    qint64 beforeId = 0;
    int limit = 50;
    QCborMap args() const;
};
struct MarkReceived {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::MessagesReceived;
    qint64 chatId = 0;
    qint64 maxId = 0;
    QCborMap args() const;
};
struct MarkRead {
    using Result = PtsResult;
    static constexpr QLatin1StringView method = protocol::method::MessagesRead;
    qint64 chatId = 0;
    qint64 maxId = 0;
    QCborMap args() const;
};
struct GetDifference {
    using Result = DifferenceResult;
    static constexpr QLatin1StringView method = protocol::method::UpdatesGetDifference;
    qint64 pts = 0;
    int limit = 500;
    QCborMap args() const;
};

} // namespace msgr::core::api
