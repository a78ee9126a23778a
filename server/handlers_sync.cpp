// Sync: updates.*, ping (docs/protocol.md §5, §6).
#include "protocol/limits.h"
#include "protocol/map_reader.h"
#include "server/handlers.h"

#include <QCborArray>

namespace msgr::server::handlers {
namespace {
using L = QLatin1StringView;
}

void updatesGetState(RequestContext &ctx) {
    ctx.reply.ok({{L("pts"), ctx.server.store->currentPts(ctx.session.userId)}});
}

void updatesGetDifference(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 pts = reader.requireInt(L("pts"), 0);
    const int limit = int(
        reader.intOr(L("limit"), protocol::kMaxDifferenceSlice, 1, protocol::kMaxDifferenceSlice));
    if (rejectInvalid(ctx, reader))
        return;
    const Difference diff = ctx.server.store->difference(ctx.session.userId, pts, limit);
    if (diff.tooLong)
        return ctx.reply.ok({{L("tooLong"), true}, {L("pts"), diff.pts}});
    QCborArray updates;
    for (const protocol::LoggedUpdate &u : diff.updates)
        updates.append(QCborMap{{L("pts"), u.pts}, {L("u"), protocol::updateToCbor(u.update)}});
    ctx.reply.ok({{L("updates"), updates}, {L("pts"), diff.pts}, {L("final"), diff.final}});
}

void ping(RequestContext &ctx) {
    ctx.reply.ok({{L("time"), nowMs()}});
}

} // namespace msgr::server::handlers
