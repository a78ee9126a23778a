// Users and chats: users.*, chats.* (docs/protocol.md §5).
#include "protocol/api/chats.h"
#include "protocol/api/users.h"
#include "server/async_read.h"
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
    // The domain lower-cases the prefix: usernames are lower case.
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, query = req->query, limit = req->limit] {
            return domain.users.searchUsers(query, limit);
        },
        [reply = ctx.reply](const StoreResult<QList<protocol::User>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            reply.ok(api::UsersResult{std::get<QList<protocol::User>>(found)}.toCbor());
        });
}

void usersGet(RequestContext &ctx) {
    const std::optional<api::GetUsers> req = decodeArgs<api::GetUsers>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply, [&domain, ids = req->ids] { return domain.users.users(ids); },
        [reply = ctx.reply](const StoreResult<QList<protocol::User>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            reply.ok(api::UsersResult{std::get<QList<protocol::User>>(found)}.toCbor());
        });
}

void chatsOpenPrivate(RequestContext &ctx) {
    const std::optional<api::OpenPrivateChat> req = decodeArgs<api::OpenPrivateChat>(ctx);
    if (!req || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    const qint64 peerId = req->userId;
    ServerContext &server = ctx.server;
    server.domain->chats.openPrivateChat(
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
    struct Listing {
        StoreResult<qint64> pts = StoreError::Internal;
        StoreResult<QList<protocol::ChatSummary>> summaries = StoreError::Internal;
    };
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId] {
            // pts first: an update committed in between is then fetched again by
            // getDifference (harmless, updates are idempotent) instead of being missed.
            Listing listing;
            listing.pts = domain.updates.currentPts(userId);
            if (!storeError(listing.pts))
                listing.summaries = domain.chats.chats(userId);
            return listing;
        },
        [reply = ctx.reply](const Listing &listing) {
            if (const StoreError *error = storeError(listing.pts))
                return answerStoreError(reply, *error);
            if (const StoreError *error = storeError(listing.summaries))
                return answerStoreError(reply, *error);
            reply.ok(api::ChatsResult{std::get<QList<protocol::ChatSummary>>(listing.summaries),
                                      std::get<qint64>(listing.pts)}
                         .toCbor());
        });
}

} // namespace msgr::server::handlers
