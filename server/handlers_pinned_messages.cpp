// Pinned messages: messages.pin (protocol/api/pinned_messages.h, docs/protocol.md §17.4).
#include "protocol/api/pinned_messages.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {

void messagesPin(RequestContext &ctx) {
    namespace api = protocol::api;
    const std::optional<api::PinMessage> req = decodeArgs<api::PinMessage>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->pinnedMessages.setPinned(
        ctx.session.userId, req->chatId, req->messageId, req->pinned,
        [&server, reply = ctx.reply](StoreResult<domain::PinnedMessageChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::PinnedMessageChange &change = std::get<domain::PinnedMessageChange>(r);
            if (change.refused)
                return reply.fail(change.refused->code, change.refused->message);
            server.bus->publish(change.updates); // before the answer: see FanoutBus
            reply.ok(
                api::PinMessageResult{change.chatId, change.messageId, change.callerPts}.toCbor());
        });
}

} // namespace msgr::server::handlers
