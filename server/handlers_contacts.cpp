// Contacts and blocking: contacts.* (protocol/api/contacts.h, docs/protocol.md §14).
#include "protocol/api/contacts.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

//! Every change to a pair answers the same way: the pair as the caller sees it and their pts.
domain::Contacts::Done answerContactChange(ServerContext &server, const Responder &reply) {
    return [&server, reply](StoreResult<domain::ContactChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::ContactChange &change = std::get<domain::ContactChange>(r);
        if (change.refused)
            return reply.fail(change.refused->code, change.refused->message);
        server.bus->publish(change.updates); // before the answer: see FanoutBus
        reply.ok(api::ContactResult{change.entry, change.callerPts}.toCbor());
    };
}
} // namespace

void contactsInvite(RequestContext &ctx) {
    if (const auto req = admitted<api::InviteContact>(ctx))
        ctx.server.domain->contacts.invite(ctx.session.userId, req->username, nowMs(),
                                           answerContactChange(ctx.server, ctx.reply));
}

void contactsAccept(RequestContext &ctx) {
    if (const auto req = admitted<api::AcceptContact>(ctx))
        ctx.server.domain->contacts.accept(ctx.session.userId, req->userId, nowMs(),
                                           answerContactChange(ctx.server, ctx.reply));
}

void contactsDeny(RequestContext &ctx) {
    if (const auto req = admitted<api::DenyContact>(ctx))
        ctx.server.domain->contacts.deny(ctx.session.userId, req->userId, nowMs(),
                                         answerContactChange(ctx.server, ctx.reply));
}

void contactsCancel(RequestContext &ctx) {
    if (const auto req = admitted<api::CancelContactInvite>(ctx))
        ctx.server.domain->contacts.cancel(ctx.session.userId, req->userId, nowMs(),
                                           answerContactChange(ctx.server, ctx.reply));
}

void contactsRemove(RequestContext &ctx) {
    if (const auto req = admitted<api::RemoveContact>(ctx))
        ctx.server.domain->contacts.remove(ctx.session.userId, req->userId, nowMs(),
                                           answerContactChange(ctx.server, ctx.reply));
}

void contactsList(RequestContext &ctx) {
    const std::optional<api::ListContacts> req = decodeArgs<api::ListContacts>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req, now = nowMs()] {
            return domain.contacts.list(userId, r.filter, r.afterUserId, r.limit, now);
        },
        [reply = ctx.reply](const StoreResult<domain::ContactPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const auto &page = std::get<domain::ContactPage>(result);
            reply.ok(api::ContactsResult{page.entries, page.final, page.pts}.toCbor());
        });
}

void contactsSetBlocked(RequestContext &ctx) {
    const auto req = admitted<api::SetBlocked>(ctx);
    if (!req)
        return;
    ServerContext &server = ctx.server;
    server.domain->contacts.setBlocked(
        ctx.session.userId, req->userId, req->blocked, nowMs(),
        [&server, reply = ctx.reply, userId = req->userId](StoreResult<domain::BlockChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::BlockChange &change = std::get<domain::BlockChange>(r);
            if (change.refused)
                return reply.fail(change.refused->code, change.refused->message);
            server.bus->publish(change.updates);
            reply.ok(api::BlockResult{userId, change.blocked, change.callerPts}.toCbor());
        });
}

void contactsListBlocked(RequestContext &ctx) {
    const std::optional<api::ListBlocked> req = decodeArgs<api::ListBlocked>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.contacts.blocked(userId, r.afterUserId, r.limit);
        },
        [reply = ctx.reply](const StoreResult<domain::BlockedPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const auto &page = std::get<domain::BlockedPage>(result);
            reply.ok(api::BlockedResult{page.users, page.final}.toCbor());
        });
}

} // namespace msgr::server::handlers
