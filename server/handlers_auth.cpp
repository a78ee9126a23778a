// Accounts and sessions: auth.*, devices.* (docs/protocol.md §5).
#include "protocol/limits.h"
#include "protocol/map_reader.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

#include <QCborArray>
#include <QRegularExpression>

namespace msgr::server::handlers {
namespace {
using protocol::ErrorCode;
using L = QLatin1StringView;

bool isValidUsername(const QString &name) {
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9_]{%1,%2}$")
                                                .arg(protocol::kMinUsernameChars - 1)
                                                .arg(protocol::kMaxUsernameChars - 1));
    return pattern.match(name).hasMatch();
}

//! The text value of a required key, or a BAD_REQUEST answer (missing or not text).
std::optional<QString> requireText(RequestContext &ctx, L key) {
    const QCborValue v = ctx.args.value(key);
    if (!v.isString()) {
        ctx.reply.fail(ErrorCode::BadRequest,
                       QStringLiteral("field '%1' is required and must be text").arg(key));
        return std::nullopt;
    }
    return v.toString();
}

//! The device name, 1–64 characters; anything else is BAD_REQUEST (§1).
std::optional<QString> requireDeviceName(RequestContext &ctx) {
    auto name = requireText(ctx, L("deviceName"));
    if (name && (name->isEmpty() || name->size() > protocol::kMaxDeviceNameChars)) {
        ctx.reply.fail(ErrorCode::BadRequest,
                       QStringLiteral("deviceName must have 1..%1 characters")
                           .arg(protocol::kMaxDeviceNameChars));
        return std::nullopt;
    }
    return name;
}

bool passwordLengthOk(const QByteArray &password) {
    return password.size() >= protocol::kMinPasswordBytes &&
           password.size() <= protocol::kMaxPasswordBytes;
}

void revokeAndClose(RequestContext &ctx, qint64 deviceId) {
    if (!ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    const qint64 userId = ctx.session.userId;
    server.domain->accounts.revokeDevice(
        userId, deviceId, nowMs(),
        [&server, reply = ctx.reply, userId, deviceId](StoreResult<bool> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            // The answer is queued before the close, so even the revoking
            // connection gets it.
            reply.ok({});
            server.bus->closeDevice(userId, deviceId, protocol::CloseRevoked,
                                    QStringLiteral("session revoked"));
        });
}
} // namespace

void signUp(RequestContext &ctx) {
    const auto username = requireText(ctx, L("username"));
    if (!username)
        return;
    if (!isValidUsername(*username))
        return ctx.reply.fail(ErrorCode::UsernameInvalid,
                              QStringLiteral("a username has 3..32 characters of a-z, 0-9 and "
                                             "_, and starts with a letter"));
    const auto password = requireText(ctx, L("password"));
    if (!password)
        return;
    const QByteArray passwordBytes = password->toUtf8();
    if (!passwordLengthOk(passwordBytes))
        return ctx.reply.fail(ErrorCode::PasswordInvalid,
                              QStringLiteral("a password has 8..256 bytes"));
    const auto deviceName = requireDeviceName(ctx);
    if (!deviceName)
        return;
    protocol::MapReader reader(ctx.args);
    QString displayName =
        reader.stringOr(L("displayName"), QString(), protocol::kMaxDisplayNameChars).trimmed();
    if (rejectInvalid(ctx, reader))
        return;
    if (displayName.isEmpty())
        displayName = *username;
    ctx.server.auth->signUp(*username, passwordBytes, *deviceName, displayName, ctx.peerAddress,
                            ctx.reply);
}

void logIn(RequestContext &ctx) {
    const auto username = requireText(ctx, L("username"));
    if (!username)
        return;
    const auto password = requireText(ctx, L("password"));
    if (!password)
        return;
    const auto deviceName = requireDeviceName(ctx);
    if (!deviceName)
        return;
    // A malformed username or password simply matches no account: the same AUTH_FAILED, at
    // the same cost, as any other wrong pair.
    ctx.server.auth->logIn(username->left(protocol::kMaxUsernameChars + 1),
                           password->toUtf8().left(protocol::kMaxPasswordBytes + 1), *deviceName,
                           ctx.peerAddress, ctx.reply);
}

void resume(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const QString token = reader.requireString(L("token"), 1, 2 * protocol::kTokenChars);
    if (rejectInvalid(ctx, reader))
        return;
    ctx.server.auth->resume(token, ctx.reply);
}

void logOut(RequestContext &ctx) {
    revokeAndClose(ctx, ctx.session.deviceId);
}

void devicesList(RequestContext &ctx) {
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId] { return domain.accounts.devices(userId); },
        [reply = ctx.reply,
         current = ctx.session.deviceId](const StoreResult<QList<protocol::Device>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            QCborArray devices;
            for (protocol::Device device : std::get<QList<protocol::Device>>(found)) {
                device.current = device.id == current;
                devices.append(device.toCbor());
            }
            reply.ok({{L("devices"), devices}});
        });
}

void devicesRevoke(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 deviceId = reader.requireInt(L("deviceId"), 1);
    if (rejectInvalid(ctx, reader))
        return;
    revokeAndClose(ctx, deviceId);
}

} // namespace msgr::server::handlers
