// Muted chats: chats.setMuted, chats.listMuted (protocol/api/mutes.h, docs/protocol.md §18).
#include "protocol/api/mutes.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

#include <algorithm>

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

// The end of a mute the client asked for, on the server's clock: a device with a wrong clock
// still mutes for the hour the user chose.
qint64 mutedUntil(const api::SetChatMuted &req, qint64 now) {
    if (!req.muted)
        return 0;
    if (req.forSeconds == 0)
        return api::kMutedForever;
    return std::min(now + req.forSeconds * 1000, api::kMutedForever);
}
} // namespace

void chatsSetMuted(RequestContext &ctx) {
    const std::optional<api::SetChatMuted> req = decodeArgs<api::SetChatMuted>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    const qint64 now = nowMs();
    server.domain->mutes.setMutedUntil(
        ctx.session.userId, req->chatId, mutedUntil(*req, now), now,
        [&server, reply = ctx.reply](StoreResult<domain::MuteChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::MuteChange &change = std::get<domain::MuteChange>(r);
            if (change.limitReached)
                return reply.fail(protocol::ErrorCode::LimitExceeded,
                                  QStringLiteral("at most %1 chats can be muted; unmute one first")
                                      .arg(api::kMaxMutedChats));
            server.bus->publish(change.updates); // before the answer: see FanoutBus
            reply.ok(
                api::ChatMuteResult{{change.chatId, change.mutedUntil}, change.callerPts}.toCbor());
        });
}

void chatsListMuted(RequestContext &ctx) {
    if (!decodeArgs<api::ListMutedChats>(ctx))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId] { return domain.mutes.mutedChats(userId, nowMs()); },
        [reply = ctx.reply](const StoreResult<domain::MutedChats> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            const domain::MutedChats &muted = std::get<domain::MutedChats>(found);
            api::MutedChatsResult result;
            result.pts = muted.pts;
            for (const ChatMuteRecord &m : muted.chats)
                result.chats.append(api::ChatMute{m.chatId, m.mutedUntil});
            reply.ok(result.toCbor());
        });
}

} // namespace msgr::server::handlers
