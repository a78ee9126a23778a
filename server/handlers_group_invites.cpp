// Group invite links (groups.exportInvite, revokeInvite, checkInvite, joinByInvite;
// protocol/api/invites.h, docs/protocol.md §20) and the read list of a message in a small group
// (messages.readers; protocol/api/readers.h, §21).
#include "protocol/api/invites.h"
#include "protocol/api/readers.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

domain::GroupInvites::ChangeDone answerInviteChange(const Responder &reply) {
    return [reply](StoreResult<domain::InviteChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::InviteChange &change = std::get<domain::InviteChange>(r);
        if (change.refused)
            return reply.fail(change.refused->code, change.refused->message);
        if (change.token.isEmpty())
            return reply.ok(api::Empty{}.toCbor());
        reply.ok(api::InviteLinkResult{change.chatId, change.token}.toCbor());
    };
}
} // namespace

void groupsExportInvite(RequestContext &ctx) {
    const auto req = decodeArgs<api::ExportInvite>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ctx.server.domain->groupInvites.exportInvite(ctx.session.userId, req->chatId, nowMs(),
                                                 answerInviteChange(ctx.reply));
}

void groupsRevokeInvite(RequestContext &ctx) {
    const auto req = decodeArgs<api::RevokeInvite>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ctx.server.domain->groupInvites.revokeInvite(ctx.session.userId, req->chatId,
                                                 answerInviteChange(ctx.reply));
}

void groupsCheckInvite(RequestContext &ctx) {
    const auto req = decodeArgs<api::CheckInvite>(ctx);
    if (!req || !ctx.server.auth->admitInviteAttempt(ctx.session.userId, ctx.reply))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, token = req->token] {
            return domain.groupInvites.checkInvite(userId, token);
        },
        [reply = ctx.reply](const StoreResult<api::InvitePreview> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            reply.ok(std::get<api::InvitePreview>(result).toCbor());
        });
}

void groupsJoinByInvite(RequestContext &ctx) {
    const auto req = decodeArgs<api::JoinByInvite>(ctx);
    if (!req || !ctx.server.auth->admitInviteAttempt(ctx.session.userId, ctx.reply) ||
        !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->groupInvites.joinByInvite(
        ctx.session.userId, req->token, nowMs(),
        [&server, reply = ctx.reply](StoreResult<domain::GroupChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::GroupChange &change = std::get<domain::GroupChange>(r);
            if (change.refused)
                return reply.fail(change.refused->code, change.refused->message);
            server.bus->publish(change.updates); // before the answer: see FanoutBus
            reply.ok(api::ChatResult{change.chat, change.callerPts}.toCbor());
        });
}

void messagesReaders(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetMessageReaders>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.readList.readers(userId, r.chatId, r.messageId);
        },
        [reply = ctx.reply](const StoreResult<domain::ReadersAnswer> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const domain::ReadersAnswer &answer = std::get<domain::ReadersAnswer>(result);
            if (answer.refused)
                return reply.fail(answer.refused->code, answer.refused->message);
            reply.ok(api::ReadersResult{answer.readers}.toCbor());
        });
}

} // namespace msgr::server::handlers
