// presence.get (protocol/api/presence.h, docs/protocol.md §17.3); the pushes are the hub's
// (server/presence_hub.h).
#include "protocol/api/presence.h"
#include "server/async_read.h"
#include "server/client_session.h"
#include "server/handlers.h"
#include "server/presence_hub.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void presenceGet(RequestContext &ctx) {
    const std::optional<api::GetPresence> req = decodeArgs<api::GetPresence>(ctx);
    if (!req)
        return;
    ServerContext &server = ctx.server;
    readThen(
        server, ctx.reply,
        [&server, viewerId = ctx.session.userId, ids = req->userIds] {
            return server.domain->presence.statuses(
                viewerId, ids, nowMs(), [presence = server.presence](qint64 userId) {
                    return presence ? presence->live(userId) : domain::LiveState{};
                });
        },
        [reply = ctx.reply](const StoreResult<QList<api::UserStatus>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            reply.ok(api::PresenceResult{std::get<QList<api::UserStatus>>(found)}.toCbor());
        });
}

void presenceSet(RequestContext &ctx) {
    const std::optional<api::SetPresence> req = decodeArgs<api::SetPresence>(ctx);
    if (!req)
        return;
    // The handler runs on the connection's thread, but the session is reached through its
    // link (queued, in order before the answer).
    ctx.reply.link()->post([online = req->online, reply = ctx.reply](ClientSession &session) {
        session.setPresent(online);
        reply.ok(api::Empty{}.toCbor());
    });
}

} // namespace msgr::server::handlers
