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
    const StoreResult<qint64> pts = ctx.server.store->currentPts(ctx.session.userId);
    if (const StoreError *error = storeError(pts))
        return answerStoreError(ctx.reply, *error);
    ctx.reply.ok({{L("pts"), std::get<qint64>(pts)}});
}

void updatesGetDifference(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 pts = reader.requireInt(L("pts"), 0);
    const int limit = int(
        reader.intOr(L("limit"), protocol::kMaxDifferenceSlice, 1, protocol::kMaxDifferenceSlice));
    if (rejectInvalid(ctx, reader))
        return;
    const StoreResult<Difference> result =
        ctx.server.store->difference(ctx.session.userId, pts, limit);
    if (const StoreError *error = storeError(result))
        return answerStoreError(ctx.reply, *error);
    // A client calls this after every connect and every 15 minutes: the device is in use, so
    // its token's idle expiry starts again (coalesced in the store, cheap).
    ctx.server.store->touchDevice(ctx.session.deviceId, nowMs());
    const Difference &diff = std::get<Difference>(result);
    if (diff.tooLong)
        return ctx.reply.ok({{L("tooLong"), true}, {L("pts"), diff.pts}});
    // Cut by encoded size as well as by count: the slice ends at the last update that fits,
    // and the client continues from its pts, as after any slice with final: false.
    SizedArray updates(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
    qint64 lastPts = diff.updates.isEmpty() ? diff.pts : pts;
    bool final = diff.final;
    for (const protocol::LoggedUpdate &u : diff.updates) {
        if (!updates.tryAppend(
                QCborMap{{L("pts"), u.pts}, {L("u"), protocol::updateToCbor(u.update)}})) {
            final = false;
            break;
        }
        lastPts = u.pts;
    }
    ctx.reply.ok({{L("updates"), updates.items()}, {L("pts"), lastPts}, {L("final"), final}});
}

void ping(RequestContext &ctx) {
    ctx.reply.ok({{L("time"), nowMs()}});
}

} // namespace msgr::server::handlers
