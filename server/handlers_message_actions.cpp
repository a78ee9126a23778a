// Message actions: messages.edit, messages.delete (docs/protocol.md §16).
#include "protocol/api/message_actions.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void messagesEdit(RequestContext &ctx) {
    const std::optional<api::EditMessage> req = decodeArgs<api::EditMessage>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->messageActions.edit(
        ctx.session.userId, req->chatId, req->messageId, req->text, nowMs(),
        [&server, reply = ctx.reply](StoreResult<domain::EditedMessage> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::EditedMessage &edited = std::get<domain::EditedMessage>(r);
            if (edited.refused)
                return reply.fail(edited.refused->code, edited.refused->message);
            server.bus->publish(edited.updates); // before the answer: see FanoutBus
            reply.ok(api::EditResult{edited.message, edited.callerPts}.toCbor());
        });
}

void messagesDelete(RequestContext &ctx) {
    const std::optional<api::DeleteMessages> req = decodeArgs<api::DeleteMessages>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->messageActions.remove(
        ctx.session.userId, req->chatId, req->messageIds, req->scope, nowMs(),
        [&server, reply = ctx.reply](StoreResult<domain::DeletedMessages> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::DeletedMessages &deleted = std::get<domain::DeletedMessages>(r);
            if (deleted.refused)
                return reply.fail(deleted.refused->code, deleted.refused->message);
            server.bus->publish(deleted.updates); // before the answer: see FanoutBus
            reply.ok(api::DeleteResult{deleted.messageIds, deleted.callerPts}.toCbor());
        });
}

} // namespace msgr::server::handlers
