// Supergroups: supergroups.create, supergroups.removeMember, groups.upgrade
// (protocol/api/supergroups.h, docs/protocol.md §23). The rest of a supergroup's life goes
// through channels.* and messages.send (handlers_channels.cpp, handlers_messages.cpp).
#include "protocol/api/supergroups.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace api = protocol::api;

void supergroupsCreate(RequestContext &ctx) {
    if (const auto req = admitted<api::CreateSupergroup>(ctx))
        ctx.server.domain->supergroups.create(ctx.session.userId, req->randomId, req->title,
                                              req->userIds, nowMs(),
                                              answerChannelChange(ctx.server, ctx.reply));
}

void supergroupsRemoveMember(RequestContext &ctx) {
    if (const auto req = admitted<api::RemoveSupergroupMember>(ctx))
        ctx.server.domain->supergroups.removeMember(ctx.session.userId, req->chatId, req->userId,
                                                    nowMs(),
                                                    answerChannelChange(ctx.server, ctx.reply));
}

void groupsUpgrade(RequestContext &ctx) {
    if (const auto req = admitted<api::UpgradeGroup>(ctx))
        ctx.server.domain->supergroups.upgrade(ctx.session.userId, req->chatId, nowMs(),
                                               answerChannelChange(ctx.server, ctx.reply));
}

} // namespace msgr::server::handlers
