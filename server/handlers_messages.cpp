// Messages: messages.* (docs/protocol.md §5).
#include "protocol/api/messages.h"
#include "protocol/limits.h"
#include "protocol/preencoded.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/domain/attachment_checks.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

//! docs/protocol.md §11: which attachment, and why, with its typed code.
void refuseAttachment(const Responder &reply, const AttachmentRefusal &refusal) {
    const Refusal described = domain::attachment_checks::describe(refusal);
    reply.fail(described.code, described.message);
}

//! messages.send into a supergroup (§23): one entry of its own log, as channels.post writes,
//! whatever the number of members, with its files and quote checked there (§23.8).
void sendToSupergroup(ServerContext &server, const Responder &reply, qint64 userId,
                      const api::SendMessage &req) {
    if (req.attachments.isEmpty() && req.text.trimmed().isEmpty())
        return reply.fail(protocol::ErrorCode::BadRequest, QStringLiteral("the text is blank"));
    server.domain->channels.post(userId, req.chatId, req.randomId,
                                 domain::PostContent{req.text, req.attachments, req.replyToId},
                                 nowMs(), answerPost(server, reply));
}

//! Common answer of messages.received / messages.read once the position is stored.
auto positionDone(ServerContext &server, const Responder &reply, bool withPts) {
    return [&server, reply, withPts](StoreResult<PositionChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const PositionChange &change = std::get<PositionChange>(r);
        server.bus->publish(change.updates);
        reply.ok(withPts ? api::PtsResult{change.callerPts}.toCbor() : api::Empty{}.toCbor());
    };
}
} // namespace

void messagesSend(RequestContext &ctx) {
    std::optional<api::SendMessage> req = decodeArgs<api::SendMessage>(ctx);
    if (req)
        messagesSendDecoded(ctx, std::move(*req));
}

void messagesSendDecoded(RequestContext &ctx, api::SendMessage req) {
    if (!ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->messages.appendMessage(
        ctx.session.userId, req.chatId, req.randomId, req.text, req.attachments, req.replyToId,
        nowMs(),
        // The result by reference: by value, GCC 12 warns falsely (-Wmaybe-uninitialized).
        [&server, reply = ctx.reply, userId = ctx.session.userId,
         req](const StoreResult<AppendedMessage> &r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const AppendedMessage &appended = std::get<AppendedMessage>(r);
            if (appended.toSupergroup)
                return sendToSupergroup(server, reply, userId, req);
            if (appended.refusal)
                return reply.fail(appended.refusal->code, appended.refusal->message);
            if (appended.refused)
                return refuseAttachment(reply, *appended.refused);
            if (!appended.duplicate)
                server.metrics->messageStored();
            // The `upd` frames are queued before the `res`, so the sender's
            // connection sees its own newMessage first, as in
            // docs/protocol.md §7.
            server.bus->publish(appended.updates);
            // Around the message's bytes encoded once in the unit (protocol/preencoded.h).
            reply.okEncoded(protocol::preencoded::sendResult(
                appended.encodedMessage, appended.senderPts, appended.duplicate));
        });
}

void messagesHistory(RequestContext &ctx) {
    const std::optional<api::GetHistory> req = decodeArgs<api::GetHistory>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, chatId = req->chatId, beforeId = req->beforeId,
         limit = req->limit] { return domain.messages.history(userId, chatId, beforeId, limit); },
        [reply = ctx.reply](const StoreResult<HistoryPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            answerHistory(reply, std::get<HistoryPage>(result));
        });
}

void answerHistory(const Responder &reply, const HistoryPage &page) {
    // The page is the NEWEST messages below beforeId, so a cut by size drops the oldest: the
    // client asks for the next page with beforeId = the first id here, as after any page.
    SizedArray kept(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
    qsizetype first = page.messages.size();
    while (first > 0 && kept.tryAppend(page.messages.at(first - 1).toCbor()))
        --first;
    const bool cut = first > 0;
    // final: nothing older remains (the client stops paging back).
    reply.ok(api::MessagesResult{page.messages.mid(first), !cut && !page.more}.toCbor());
}

void messagesReceived(RequestContext &ctx) {
    const std::optional<api::MarkReceived> req = decodeArgs<api::MarkReceived>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ctx.server.domain->readState.markDelivered(ctx.session.userId, req->chatId, req->maxId, nowMs(),
                                               positionDone(ctx.server, ctx.reply, false));
}

void messagesRead(RequestContext &ctx) {
    const std::optional<api::MarkRead> req = decodeArgs<api::MarkRead>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ctx.server.domain->readState.markRead(ctx.session.userId, req->chatId, req->maxId, nowMs(),
                                          positionDone(ctx.server, ctx.reply, true));
}

} // namespace msgr::server::handlers
