// Profiles: profiles.* (protocol/api/profiles.h, docs/protocol.md §14).
#include "protocol/api/profiles.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

//! Every change answers the owner's profile after it and their pts.
domain::Profiles::Done answerProfileChange(ServerContext &server, const Responder &reply) {
    return [&server, reply](StoreResult<domain::ProfileChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::ProfileChange &change = std::get<domain::ProfileChange>(r);
        server.bus->publish(change.updates); // before the answer: see FanoutBus
        reply.ok(api::ProfileResult{change.profile, change.callerPts}.toCbor());
    };
}
} // namespace

void profilesGet(RequestContext &ctx) {
    const std::optional<api::GetProfiles> req = decodeArgs<api::GetProfiles>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, ids = req->ids, now = nowMs()] {
            return domain.profiles.profiles(userId, ids, now);
        },
        [reply = ctx.reply](const StoreResult<QList<api::Profile>> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            reply.ok(api::ProfilesResult{std::get<QList<api::Profile>>(result)}.toCbor());
        });
}

void profilesUpdate(RequestContext &ctx) {
    const auto req = admitted<api::UpdateProfile>(ctx);
    if (!req)
        return;
    ctx.server.domain->profiles.update(
        ctx.session.userId,
        req->setsDisplayName ? std::optional<QString>(req->displayName) : std::nullopt,
        req->setsAbout ? std::optional<QString>(req->about) : std::nullopt, nowMs(),
        answerProfileChange(ctx.server, ctx.reply));
}

void profilesSetUsername(RequestContext &ctx) {
    if (const auto req = admitted<api::SetUsername>(ctx))
        ctx.server.domain->profiles.setUsername(ctx.session.userId, req->username, nowMs(),
                                                answerProfileChange(ctx.server, ctx.reply));
}

void profilesSetLastSeenPrivacy(RequestContext &ctx) {
    if (const auto req = admitted<api::SetLastSeenPrivacy>(ctx))
        ctx.server.domain->profiles.setLastSeenPrivacy(ctx.session.userId, req->privacy, nowMs(),
                                                       answerProfileChange(ctx.server, ctx.reply));
}

} // namespace msgr::server::handlers
