#pragma once
//! auth.* of docs/protocol.md §5: sign-up, log-in, resume, log-out. Plain values, thread-safe.
#include "protocol/api/reply.h"
#include "protocol/methods.h"

#include <QCborValue>

namespace msgr::protocol::api {

//! The username rule of §1: 3..32 of a-z0-9_, starting with a letter (lower case only).
bool isValidUsername(const QString &name);

//! The answer of auth.signUp / auth.logIn / auth.resume.
struct AuthResult {
    qint64 userId = 0;
    qint64 deviceId = 0;
    QString token; // empty for auth.resume
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<AuthResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const AuthResult &, const AuthResult &) = default;
};

//! Checks run in this order, each with its own code: username (text, then USERNAME_INVALID
//! unless 3..32 of a-z0-9_ starting with a letter), password (text, then PASSWORD_INVALID
//! unless 8..256 UTF-8 bytes), deviceName (1..64 characters), displayName (optional, ≤64).
struct SignUp {
    using Result = AuthResult;
    static constexpr QLatin1StringView method = protocol::method::SignUp;
    QString username, password, deviceName, displayName; // displayName: empty = not sent

    QCborMap toCbor() const;
    static Decoded<SignUp> decode(const QCborValue &args);
    friend bool operator==(const SignUp &, const SignUp &) = default;
};

//! username and password are any text: a malformed pair simply matches no account.
struct LogIn {
    using Result = AuthResult;
    static constexpr QLatin1StringView method = protocol::method::LogIn;
    QString username, password, deviceName;

    QCborMap toCbor() const;
    static Decoded<LogIn> decode(const QCborValue &args);
    friend bool operator==(const LogIn &, const LogIn &) = default;
};

struct Resume {
    using Result = AuthResult;
    static constexpr QLatin1StringView method = protocol::method::Resume;
    QString token;

    QCborMap toCbor() const;
    static Decoded<Resume> decode(const QCborValue &args);
    friend bool operator==(const Resume &, const Resume &) = default;
};

struct LogOut {
    using Result = Empty;
    static constexpr QLatin1StringView method = protocol::method::LogOut;

    QCborMap toCbor() const { return {}; }
    static Decoded<LogOut> decode(const QCborValue &args);
    friend bool operator==(const LogOut &, const LogOut &) = default;
};

} // namespace msgr::protocol::api
