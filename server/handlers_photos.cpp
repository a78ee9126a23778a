// Photos: profiles.setPhoto, groups.setPhoto, channels.setPhoto (protocol/api/photos.h,
// docs/protocol.md §24). The rules are the domain's (server/domain/photos.*, groups, channels).
#include "protocol/api/photos.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace api = protocol::api;

void profilesSetPhoto(RequestContext &ctx) {
    const auto req = admitted<api::SetProfilePhoto>(ctx);
    if (!req)
        return;
    ctx.server.domain->photos.setProfilePhoto(
        ctx.session.userId, req->photo, nowMs(),
        [&server = ctx.server, reply = ctx.reply](StoreResult<domain::ProfilePhotoChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::ProfilePhotoChange &result = std::get<domain::ProfilePhotoChange>(r);
            if (result.refused)
                return reply.fail(result.refused->code, result.refused->message);
            server.bus->publish(result.change.updates); // before the answer: see FanoutBus
            reply.ok(api::ProfileResult{result.change.profile, result.change.callerPts}.toCbor());
        });
}

void groupsSetPhoto(RequestContext &ctx) {
    const auto req = admitted<api::SetGroupPhoto>(ctx);
    if (!req)
        return;
    ctx.server.domain->groups.setPhoto(
        ctx.session.userId, req->chatId, req->photo, nowMs(),
        [&server = ctx.server, reply = ctx.reply](StoreResult<domain::GroupChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::GroupChange &change = std::get<domain::GroupChange>(r);
            if (change.refused)
                return reply.fail(change.refused->code, change.refused->message);
            server.bus->publish(change.updates); // before the answer: see FanoutBus
            reply.ok(api::ChatResult{change.chat, change.callerPts}.toCbor());
        });
}

void channelsSetPhoto(RequestContext &ctx) {
    if (const auto req = admitted<api::SetChannelPhoto>(ctx))
        ctx.server.domain->channels.setPhoto(ctx.session.userId, req->channelId, req->photo,
                                             nowMs(), answerChannelChange(ctx.server, ctx.reply));
}

} // namespace msgr::server::handlers
