// Groups: groups.* (protocol/api/groups.h, docs/protocol.md §5).
#include "protocol/api/groups.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

//! Every groups.* call answers the same way: the chat after the change and the caller's pts.
domain::Groups::Done answerGroupChange(ServerContext &server, const Responder &reply) {
    return [&server, reply](StoreResult<domain::GroupChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::GroupChange &change = std::get<domain::GroupChange>(r);
        if (change.refused)
            return reply.fail(change.refused->code, change.refused->message);
        server.bus->publish(change.updates); // before the answer: see FanoutBus
        reply.ok(api::ChatResult{change.chat, change.callerPts}.toCbor());
    };
}
} // namespace

void groupsCreate(RequestContext &ctx) {
    if (const auto req = admitted<api::CreateGroup>(ctx))
        ctx.server.domain->groups.create(ctx.session.userId, req->randomId, req->title,
                                         req->userIds, nowMs(),
                                         answerGroupChange(ctx.server, ctx.reply));
}

void groupsAddMembers(RequestContext &ctx) {
    if (const auto req = admitted<api::AddGroupMembers>(ctx))
        ctx.server.domain->groups.addMembers(ctx.session.userId, req->chatId, req->userIds, nowMs(),
                                             answerGroupChange(ctx.server, ctx.reply));
}

void groupsRemoveMember(RequestContext &ctx) {
    if (const auto req = admitted<api::RemoveGroupMember>(ctx))
        ctx.server.domain->groups.removeMember(ctx.session.userId, req->chatId, req->userId,
                                               nowMs(), answerGroupChange(ctx.server, ctx.reply));
}

void groupsLeave(RequestContext &ctx) {
    if (const auto req = admitted<api::LeaveGroup>(ctx))
        ctx.server.domain->groups.leave(ctx.session.userId, req->chatId, nowMs(),
                                        answerGroupChange(ctx.server, ctx.reply));
}

void groupsSetTitle(RequestContext &ctx) {
    if (const auto req = admitted<api::SetGroupTitle>(ctx))
        ctx.server.domain->groups.setTitle(ctx.session.userId, req->chatId, req->title, nowMs(),
                                           answerGroupChange(ctx.server, ctx.reply));
}

void groupsSetRole(RequestContext &ctx) {
    if (const auto req = admitted<api::SetGroupRole>(ctx))
        ctx.server.domain->groups.setRole(ctx.session.userId, req->chatId, req->userId, req->role,
                                          answerGroupChange(ctx.server, ctx.reply));
}

} // namespace msgr::server::handlers
