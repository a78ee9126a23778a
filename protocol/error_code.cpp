#include "protocol/error_code.h"

#include <array>
#include <utility>

namespace msgr::protocol {
namespace {
constexpr std::array<std::pair<ErrorCode, const char *>, 18> kNames{{
    {ErrorCode::BadFrame, "BAD_FRAME"},
    {ErrorCode::HelloRequired, "HELLO_REQUIRED"},
    {ErrorCode::UnsupportedVersion, "UNSUPPORTED_VERSION"},
    {ErrorCode::BadRequest, "BAD_REQUEST"},
    {ErrorCode::UnknownMethod, "UNKNOWN_METHOD"},
    {ErrorCode::Unauthorized, "UNAUTHORIZED"},
    {ErrorCode::AuthFailed, "AUTH_FAILED"},
    {ErrorCode::UsernameTaken, "USERNAME_TAKEN"},
    {ErrorCode::UsernameInvalid, "USERNAME_INVALID"},
    {ErrorCode::PasswordInvalid, "PASSWORD_INVALID"},
    {ErrorCode::TooLarge, "TOO_LARGE"},
    {ErrorCode::NotFound, "NOT_FOUND"},
    {ErrorCode::Forbidden, "FORBIDDEN"},
    {ErrorCode::LimitExceeded, "LIMIT_EXCEEDED"},
    {ErrorCode::FloodWait, "FLOOD_WAIT"},
    {ErrorCode::Internal, "INTERNAL"},
    {ErrorCode::KeyInvalid, "KEY_INVALID"},
    {ErrorCode::UserBlocked, "USER_BLOCKED"},
}};
} // namespace

QString errorCodeName(ErrorCode code) {
    for (const auto &[c, name] : kNames) {
        if (c == code)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("INTERNAL");
}

std::optional<ErrorCode> errorCodeFromName(const QString &name) {
    for (const auto &[c, n] : kNames) {
        if (name == QLatin1StringView(n))
            return c;
    }
    return std::nullopt;
}

} // namespace msgr::protocol
