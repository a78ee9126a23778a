#include "protocol/api/auth.h"

#include "protocol/api/codec.h"
#include "protocol/limits.h"

#include <QRegularExpression>

namespace msgr::protocol::api {

bool isValidUsername(const QString &name) {
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9_]{%1,%2}$")
                                                .arg(kMinUsernameChars - 1)
                                                .arg(kMaxUsernameChars - 1));
    return pattern.match(name).hasMatch();
}

namespace {
using codec::L;

//! The text value of a required key, or BAD_REQUEST (missing or not text).
std::optional<QString> requireText(const QCborMap &args, L key, Error *error) {
    const QCborValue v = args.value(key);
    if (!v.isString()) {
        error->code = ErrorCode::BadRequest;
        error->message = QStringLiteral("field '%1' is required and must be text").arg(key);
        return std::nullopt;
    }
    return v.toString();
}

//! The device name, 1–64 characters; anything else is BAD_REQUEST (§1).
std::optional<QString> requireDeviceName(const QCborMap &args, Error *error) {
    std::optional<QString> name = requireText(args, L("deviceName"), error);
    if (name && (name->isEmpty() || name->size() > kMaxDeviceNameChars)) {
        error->code = ErrorCode::BadRequest;
        error->message =
            QStringLiteral("deviceName must have 1..%1 characters").arg(kMaxDeviceNameChars);
        return std::nullopt;
    }
    return name;
}

bool passwordLengthOk(const QString &password) {
    const qsizetype bytes = password.toUtf8().size();
    return bytes >= kMinPasswordBytes && bytes <= kMaxPasswordBytes;
}

template <typename T> Decoded<T> failed(const Error &error) {
    return Decoded<T>::failed(error.code, error.message);
}
} // namespace

QCborMap AuthResult::toCbor() const {
    QCborMap m{{L("userId"), userId}, {L("deviceId"), deviceId}, {L("pts"), pts}};
    if (!token.isEmpty())
        m.insert(L("token"), token);
    return m;
}

std::optional<AuthResult> AuthResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    AuthResult a;
    a.userId = r.requireInt(L("userId"), 1);
    a.deviceId = r.requireInt(L("deviceId"), 1);
    a.token = r.stringOr(L("token"), {}, 256);
    a.pts = r.requireInt(L("pts"), 0);
    return codec::finish(r, a, error);
}

QCborMap SignUp::toCbor() const {
    QCborMap a{{L("username"), username}, {L("password"), password}, {L("deviceName"), deviceName}};
    if (!displayName.isEmpty())
        a.insert(L("displayName"), displayName);
    return a;
}

Decoded<SignUp> SignUp::decode(const QCborValue &args) {
    Error error;
    const std::optional<QCborMap> map = codec::argsMap(args, &error);
    if (!map)
        return failed<SignUp>(error);
    SignUp s;
    const std::optional<QString> username = requireText(*map, L("username"), &error);
    if (!username)
        return failed<SignUp>(error);
    if (!isValidUsername(*username))
        return Decoded<SignUp>::failed(ErrorCode::UsernameInvalid,
                                       QStringLiteral("a username has 3..32 characters of a-z, "
                                                      "0-9 and _, and starts with a letter"));
    const std::optional<QString> password = requireText(*map, L("password"), &error);
    if (!password)
        return failed<SignUp>(error);
    if (!passwordLengthOk(*password))
        return Decoded<SignUp>::failed(ErrorCode::PasswordInvalid,
                                       QStringLiteral("a password has 8..256 bytes"));
    const std::optional<QString> deviceName = requireDeviceName(*map, &error);
    if (!deviceName)
        return failed<SignUp>(error);
    MapReader r(*map);
    s.username = *username;
    s.password = *password;
    s.deviceName = *deviceName;
    s.displayName = r.stringOr(L("displayName"), QString(), kMaxDisplayNameChars);
    return codec::decoded(r, std::move(s));
}

QCborMap LogIn::toCbor() const {
    return {{L("username"), username}, {L("password"), password}, {L("deviceName"), deviceName}};
}

Decoded<LogIn> LogIn::decode(const QCborValue &args) {
    Error error;
    const std::optional<QCborMap> map = codec::argsMap(args, &error);
    if (!map)
        return failed<LogIn>(error);
    const std::optional<QString> username = requireText(*map, L("username"), &error);
    if (!username)
        return failed<LogIn>(error);
    const std::optional<QString> password = requireText(*map, L("password"), &error);
    if (!password)
        return failed<LogIn>(error);
    const std::optional<QString> deviceName = requireDeviceName(*map, &error);
    if (!deviceName)
        return failed<LogIn>(error);
    Decoded<LogIn> d;
    d.value = LogIn{*username, *password, *deviceName};
    return d;
}

QCborMap Resume::toCbor() const {
    return {{L("token"), token}};
}

Decoded<Resume> Resume::decode(const QCborValue &args) {
    return codec::decodeWith<Resume>(args, [](MapReader &r, Resume &v) {
        v.token = r.requireString(L("token"), 1, 2 * kTokenChars);
    });
}

Decoded<LogOut> LogOut::decode(const QCborValue &args) {
    return codec::decodeWith<LogOut>(args, [](MapReader &, LogOut &) {});
}

} // namespace msgr::protocol::api
