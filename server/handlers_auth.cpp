// Accounts and sessions: auth.*, devices.* (docs/protocol.md §5).
#include "protocol/api/auth.h"
#include "protocol/api/devices.h"
#include "protocol/limits.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

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
            reply.ok(api::Empty{}.toCbor());
            server.bus->closeDevice(userId, deviceId, protocol::CloseRevoked,
                                    QStringLiteral("session revoked"));
        });
}
} // namespace

void signUp(RequestContext &ctx) {
    const std::optional<api::SignUp> req = decodeArgs<api::SignUp>(ctx);
    if (!req)
        return;
    QString displayName = req->displayName.trimmed();
    if (displayName.isEmpty())
        displayName = req->username;
    ctx.server.auth->signUp(req->username, req->password.toUtf8(), req->deviceName, displayName,
                            ctx.peerAddress, ctx.reply);
}

void logIn(RequestContext &ctx) {
    const std::optional<api::LogIn> req = decodeArgs<api::LogIn>(ctx);
    if (!req)
        return;
    // A malformed username or password simply matches no account: the same AUTH_FAILED, at
    // the same cost, as any other wrong pair.
    ctx.server.auth->logIn(req->username.left(protocol::kMaxUsernameChars + 1),
                           req->password.toUtf8().left(protocol::kMaxPasswordBytes + 1),
                           req->deviceName, ctx.peerAddress, ctx.reply);
}

void resume(RequestContext &ctx) {
    if (const std::optional<api::Resume> req = decodeArgs<api::Resume>(ctx))
        ctx.server.auth->resume(req->token, ctx.reply);
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
            api::DevicesResult result;
            result.devices = std::get<QList<protocol::Device>>(found);
            for (protocol::Device &device : result.devices)
                device.current = device.id == current;
            reply.ok(result.toCbor());
        });
}

void devicesRevoke(RequestContext &ctx) {
    if (const std::optional<api::RevokeDevice> req = decodeArgs<api::RevokeDevice>(ctx))
        revokeAndClose(ctx, req->deviceId);
}

} // namespace msgr::server::handlers
