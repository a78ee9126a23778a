// Users and chats: users.*, chats.* (docs/protocol.md §5).
#include "protocol/api/chats.h"
#include "protocol/api/users.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void usersSearch(RequestContext &ctx) {
    const std::optional<api::SearchUsers> req = decodeArgs<api::SearchUsers>(ctx);
    if (!req)
        return;
    // Usernames are lower case; a prefix typed in capitals should still find them.
    const auto found = ctx.server.store->searchUsers(req->query.toLower(), req->limit);
    if (const StoreError *error = storeError(found))
        return answerStoreError(ctx.reply, *error);
    ctx.reply.ok(api::UsersResult{std::get<QList<protocol::User>>(found)}.toCbor());
}

void usersGet(RequestContext &ctx) {
    const std::optional<api::GetUsers> req = decodeArgs<api::GetUsers>(ctx);
    if (!req)
        return;
    const auto found = ctx.server.store->users(req->ids);
    if (const StoreError *error = storeError(found))
        return answerStoreError(ctx.reply, *error);
    ctx.reply.ok(api::UsersResult{std::get<QList<protocol::User>>(found)}.toCbor());
}

void chatsOpenPrivate(RequestContext &ctx) {
    const std::optional<api::OpenPrivateChat> req = decodeArgs<api::OpenPrivateChat>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    const qint64 peerId = req->userId;
    ServerContext &server = ctx.server;
    server.store->openPrivateChat(
        ctx.session.userId, peerId, nowMs(),
        [&server, reply = ctx.reply](StoreResult<OpenedChat> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const OpenedChat &opened = std::get<OpenedChat>(r);
            server.bus->publish(opened.updates); // before the answer: see FanoutBus
            reply.ok(api::ChatResult{opened.chat, opened.callerPts}.toCbor());
        });
}

void chatsList(RequestContext &ctx) {
    // pts first: an update committed in between is then fetched again by getDifference
    // (harmless, updates are idempotent) instead of being missed.
    const StoreResult<qint64> pts = ctx.server.store->currentPts(ctx.session.userId);
    if (const StoreError *error = storeError(pts))
        return answerStoreError(ctx.reply, *error);
    const auto summaries = ctx.server.store->chats(ctx.session.userId);
    if (const StoreError *error = storeError(summaries))
        return answerStoreError(ctx.reply, *error);
    ctx.reply.ok(
        api::ChatsResult{std::get<QList<protocol::ChatSummary>>(summaries), std::get<qint64>(pts)}
            .toCbor());
}

} // namespace msgr::server::handlers
