// Sync: updates.*, ping (docs/protocol.md §5, §6).
#include "protocol/api/sync.h"
#include "protocol/limits.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void updatesGetState(RequestContext &ctx) {
    const StoreResult<qint64> pts = ctx.server.store->currentPts(ctx.session.userId);
    if (const StoreError *error = storeError(pts))
        return answerStoreError(ctx.reply, *error);
    ctx.reply.ok(api::PtsResult{std::get<qint64>(pts)}.toCbor());
}

void updatesGetDifference(RequestContext &ctx) {
    const std::optional<api::GetDifference> req = decodeArgs<api::GetDifference>(ctx);
    if (!req)
        return;
    const qint64 pts = req->pts;
    const StoreResult<Difference> result =
        ctx.server.store->difference(ctx.session.userId, pts, req->limit);
    if (const StoreError *error = storeError(result))
        return answerStoreError(ctx.reply, *error);
    // A client calls this after every connect and every 15 minutes: the device is in use, so
    // its token's idle expiry starts again (coalesced in the store, cheap).
    ctx.server.store->touchDevice(ctx.session.deviceId, nowMs());
    const Difference &diff = std::get<Difference>(result);
    if (diff.tooLong)
        return ctx.reply.ok(api::DifferenceResult{{}, diff.pts, true, true}.toCbor());
    // Cut by encoded size as well as by count: the slice ends at the last update that fits,
    // and the client continues from its pts, as after any slice with final: false.
    SizedArray updates(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
    api::DifferenceResult slice;
    slice.pts = diff.updates.isEmpty() ? diff.pts : pts;
    slice.final = diff.final;
    for (const protocol::LoggedUpdate &u : diff.updates) {
        if (!updates.tryAppend(api::loggedUpdateToCbor(u))) {
            slice.final = false;
            break;
        }
        slice.updates.append(u);
        slice.pts = u.pts;
    }
    ctx.reply.ok(slice.toCbor());
}

void ping(RequestContext &ctx) {
    ctx.reply.ok(api::PongResult{nowMs()}.toCbor());
}

} // namespace msgr::server::handlers
