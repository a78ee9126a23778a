// Users and chats: users.*, chats.* (docs/protocol.md §5).
#include "protocol/limits.h"
#include "protocol/map_reader.h"
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
    // Usernames are lower case; a prefix typed in capitals should still find them.
    ctx.reply.ok({{L("users"), toCbor(ctx.server.store->searchUsers(query.toLower(), limit))}});
}

void usersGet(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const QList<qint64> ids = reader.requireIntArray(L("ids"), 1, protocol::kMaxUsersGet);
    if (rejectInvalid(ctx, reader))
        return;
    ctx.reply.ok({{L("users"), toCbor(ctx.server.store->users(ids))}});
}

void chatsOpenPrivate(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 peerId = reader.requireInt(L("userId"), 1);
    if (rejectInvalid(ctx, reader))
        return;
    ServerContext &server = ctx.server;
    server.store->openPrivateChat(
        ctx.session.userId, peerId, nowMs(),
        [&server, reply = ctx.reply](StoreResult<OpenedChat> r) {
            if (const auto *error = std::get_if<StoreError>(&r))
                return reply.fail(*error);
            const OpenedChat &opened = std::get<OpenedChat>(r);
            server.bus->publish(opened.updates); // before the answer: see FanoutBus
            reply.ok({{L("chat"), opened.chat.toCbor()}, {L("pts"), opened.callerPts}});
        });
}

void chatsList(RequestContext &ctx) {
    // pts first: an update committed in between is then fetched again by getDifference
    // (harmless, updates are idempotent) instead of being missed.
    const qint64 pts = ctx.server.store->currentPts(ctx.session.userId);
    QCborArray chats;
    for (const protocol::ChatSummary &summary : ctx.server.store->chats(ctx.session.userId))
        chats.append(summary.toCbor());
    ctx.reply.ok({{L("chats"), chats}, {L("pts"), pts}});
}

} // namespace msgr::server::handlers
