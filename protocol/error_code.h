#pragma once
//! Typed error codes of docs/protocol.md §3 and their wire spelling.
#include <QString>
#include <optional>

namespace msgr::protocol {

enum class ErrorCode {
    BadFrame,
    HelloRequired,
    UnsupportedVersion,
    BadRequest,
    UnknownMethod,
    Unauthorized,
    AuthFailed,
    UsernameTaken,
    UsernameInvalid,
    PasswordInvalid,
    TooLarge,
    NotFound,
    Forbidden,
    LimitExceeded, // a per-user count is full (e.g. pinned chats); nothing was changed
    FloodWait,
    Internal,
    KeyInvalid, // a secret-chat key the server checks: a bad signature or a stale signed pre-key
    //! The other user blocked the caller (or the caller blocked them): no private message,
    //! group add or contact invitation between them (docs/protocol.md §14).
    UserBlocked,
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString &name);

} // namespace msgr::protocol
