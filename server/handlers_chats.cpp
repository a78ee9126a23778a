// Users and chats: users.*, chats.* (docs/protocol.md §5).
#include "protocol/limits.h"
#include "protocol/map_reader.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

#include <QCborArray>

namespace msgr::server::handlers {
namespace {
using L = QLatin1StringView;
constexpr int kDefaultSearchLimit = 20;

QCborArray toCbor(const QList<protocol::User> &users) {
    QCborArray out;
    for (const protocol::User &u : users)
        out.append(u.toCbor());
    return out;
}
} // namespace

void usersSearch(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const QString query = reader.requireString(L("query"), 1, protocol::kMaxUsernameChars);
    const int limit =
        int(reader.intOr(L("limit"), kDefaultSearchLimit, 1, protocol::kMaxUserSearchLimit));
    if (rejectInvalid(ctx, reader))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, query, limit] { return domain.users.searchUsers(query, limit); },
        [reply = ctx.reply](const StoreResult<QList<protocol::User>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            reply.ok({{L("users"), toCbor(std::get<QList<protocol::User>>(found))}});
        });
}

void usersGet(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const QList<qint64> ids = reader.requireIntArray(L("ids"), 1, protocol::kMaxUsersGet);
    if (rejectInvalid(ctx, reader))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply, [&domain, ids] { return domain.users.users(ids); },
        [reply = ctx.reply](const StoreResult<QList<protocol::User>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            reply.ok({{L("users"), toCbor(std::get<QList<protocol::User>>(found))}});
        });
}

void chatsOpenPrivate(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 peerId = reader.requireInt(L("userId"), 1);
    if (rejectInvalid(ctx, reader) || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->chats.openPrivateChat(
        ctx.session.userId, peerId, nowMs(),
        [&server, reply = ctx.reply](StoreResult<OpenedChat> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const OpenedChat &opened = std::get<OpenedChat>(r);
            server.bus->publish(opened.updates); // before the answer: see FanoutBus
            reply.ok({{L("chat"), opened.chat.toCbor()}, {L("pts"), opened.callerPts}});
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
            QCborArray chats;
            for (const protocol::ChatSummary &summary :
                 std::get<QList<protocol::ChatSummary>>(listing.summaries))
                chats.append(summary.toCbor());
            reply.ok({{L("chats"), chats}, {L("pts"), std::get<qint64>(listing.pts)}});
        });
}

} // namespace msgr::server::handlers
