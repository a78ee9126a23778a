// Pinned chats: chats.setPinned, chats.listPinned (protocol/api/pins.h).
#include "protocol/api/pins.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void chatsSetPinned(RequestContext &ctx) {
    const std::optional<api::SetChatPinned> req = decodeArgs<api::SetChatPinned>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->pins.setPinned(
        ctx.session.userId, req->chatId, req->pinned,
        [&server, reply = ctx.reply](StoreResult<domain::PinChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::PinChange &change = std::get<domain::PinChange>(r);
            if (change.limitReached)
                return reply.fail(protocol::ErrorCode::LimitExceeded,
                                  QStringLiteral("at most %1 chats can be pinned; unpin one first")
                                      .arg(api::kMaxPinnedChats));
            server.bus->publish(change.updates); // before the answer: see FanoutBus
            reply.ok(api::PinnedChatsResult{change.chatIds, change.callerPts}.toCbor());
        });
}

void chatsListPinned(RequestContext &ctx) {
    if (!decodeArgs<api::ListPinnedChats>(ctx))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId] { return domain.pins.pinnedChats(userId); },
        [reply = ctx.reply](const StoreResult<domain::PinnedChats> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            const domain::PinnedChats &pinned = std::get<domain::PinnedChats>(found);
            reply.ok(api::PinnedChatsResult{pinned.chatIds, pinned.pts}.toCbor());
        });
}

} // namespace msgr::server::handlers
