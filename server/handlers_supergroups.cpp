// Supergroups: supergroups.create, supergroups.removeMember, supergroups.members, groups.upgrade
// (protocol/api/supergroups.h, docs/protocol.md §23). The rest of a supergroup's life goes
// through channels.* and messages.send (handlers_channels.cpp, handlers_messages.cpp).
#include "protocol/api/supergroups.h"
#include "server/async_read.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace api = protocol::api;

void supergroupsCreate(RequestContext &ctx) {
    if (const auto req = admitted<api::CreateSupergroup>(ctx))
        ctx.server.domain->supergroups.create(ctx.session.userId, req->randomId, req->title,
                                              req->userIds, req->name, nowMs(),
                                              answerChannelChange(ctx.server, ctx.reply));
}

void supergroupsRemoveMember(RequestContext &ctx) {
    if (const auto req = admitted<api::RemoveSupergroupMember>(ctx))
        ctx.server.domain->supergroups.removeMember(
            ctx.session.userId, req->chatId, req->userId, nowMs(),
            answerChannelSubscribersChange(ctx.server, ctx.reply)); // the count moves (§23.9)
}

void supergroupsMembers(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetSupergroupMembers>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.supergroups.members(userId, r.chatId, r.afterUserId, r.limit);
        },
        [reply = ctx.reply](const StoreResult<domain::MembersPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const auto &page = std::get<domain::MembersPage>(result);
            if (page.refusal)
                return reply.fail(page.refusal->code, page.refusal->message);
            reply.ok(api::SupergroupMembersResult{page.members, page.final}.toCbor());
        });
}

void groupsUpgrade(RequestContext &ctx) {
    if (const auto req = admitted<api::UpgradeGroup>(ctx))
        ctx.server.domain->supergroups.upgrade(ctx.session.userId, req->chatId, nowMs(),
                                               answerChannelChange(ctx.server, ctx.reply));
}

} // namespace msgr::server::handlers
