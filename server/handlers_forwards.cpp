// Forwards: messages.forward (protocol/api/forwards.h, docs/protocol.md §19).
#include "protocol/api/forwards.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void messagesForward(RequestContext &ctx) {
    const std::optional<api::ForwardMessages> req = decodeArgs<api::ForwardMessages>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->forwards.forward(
        ctx.session.userId, req->fromChatId, req->messageIds, req->toChatId, req->randomIds,
        nowMs(),
        [&server, reply = ctx.reply, userId = ctx.session.userId,
         req = *req](StoreResult<domain::ForwardedMessages> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::ForwardedMessages &forwarded = std::get<domain::ForwardedMessages>(r);
            if (forwarded.toSupergroup) // its own log takes the copies (§23.8)
                return server.domain->supergroupMessages.forwardInto(
                    userId, req.fromChatId, req.messageIds, req.toChatId, req.randomIds, nowMs(),
                    answerSupergroupForward(server, reply));
            if (forwarded.refused)
                return reply.fail(forwarded.refusal.code, forwarded.refusal.message);
            if (!forwarded.duplicate) {
                for (qsizetype i = 0; i < forwarded.messageIds.size(); ++i)
                    server.metrics->messageStored();
            }
            server.bus->publish(forwarded.updates); // before the answer: see FanoutBus
            reply.ok(
                api::ForwardResult{forwarded.messageIds, forwarded.senderPts, forwarded.duplicate}
                    .toCbor());
        });
}

} // namespace msgr::server::handlers
