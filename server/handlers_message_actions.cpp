// Message actions: messages.edit, messages.delete (docs/protocol.md §16).
#include "protocol/api/forwards.h"
#include "protocol/api/message_actions.h"
#include "server/auth_service.h"
#include "server/channel_topics.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

//! The supergroup's entries to its topic (before the answer: see FanoutBus); `Ok` answers.
template <typename Ok>
std::function<void(StoreResult<domain::SupergroupMessagesChange>)>
answerSupergroupAct(ServerContext &server, const Responder &reply, Ok ok) {
    return [&server, reply, ok](StoreResult<domain::SupergroupMessagesChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const auto &change = std::get<domain::SupergroupMessagesChange>(r);
        if (change.refused)
            return reply.fail(change.refused->code, change.refused->message);
        for (const domain::ChannelLogged &entry : change.logged)
            channel_topics::publish(*server.bus, entry);
        reply.ok(ok(change));
    };
}
} // namespace

std::function<void(StoreResult<domain::SupergroupMessagesChange>)>
answerSupergroupForward(ServerContext &server, const Responder &reply) {
    return answerSupergroupAct(server, reply, [](const domain::SupergroupMessagesChange &c) {
        return api::ForwardResult{c.messageIds, c.channelPts, c.duplicate}.toCbor();
    });
}

void messagesEdit(RequestContext &ctx) {
    const std::optional<api::EditMessage> req = decodeArgs<api::EditMessage>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->messageActions.edit(
        ctx.session.userId, req->chatId, req->messageId, req->text, nowMs(),
        [&server, reply = ctx.reply, userId = ctx.session.userId,
         req = *req](StoreResult<domain::EditedMessage> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::EditedMessage &edited = std::get<domain::EditedMessage>(r);
            if (edited.toSupergroup) // its own log (§23.8); pts: the supergroup's
                return server.domain->supergroupMessages.edit(
                    userId, req.chatId, req.messageId, req.text, nowMs(),
                    answerSupergroupAct(server, reply, [](const auto &c) {
                        return api::EditResult{c.message, c.channelPts}.toCbor();
                    }));
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
        [&server, reply = ctx.reply, userId = ctx.session.userId,
         req = *req](StoreResult<domain::DeletedMessages> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::DeletedMessages &deleted = std::get<domain::DeletedMessages>(r);
            if (deleted.toSupergroup) // its own log (§23.8); pts: the supergroup's
                return server.domain->supergroupMessages.remove(
                    userId, req.chatId, req.messageIds, req.scope,
                    answerSupergroupAct(server, reply, [](const auto &c) {
                        return api::DeleteResult{c.messageIds, c.channelPts}.toCbor();
                    }));
            if (deleted.refused)
                return reply.fail(deleted.refused->code, deleted.refused->message);
            server.bus->publish(deleted.updates); // before the answer: see FanoutBus
            reply.ok(api::DeleteResult{deleted.messageIds, deleted.callerPts}.toCbor());
        });
}

} // namespace msgr::server::handlers
