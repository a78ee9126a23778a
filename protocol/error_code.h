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
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString &name);

} // namespace msgr::protocol
