// Sync: updates.*, ping (docs/protocol.md §5, §6).
#include "protocol/api/sync.h"
#include "protocol/limits.h"
#include "server/async_read.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
} // namespace

void updatesGetState(RequestContext &ctx) {
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId] { return domain.updates.currentPts(userId); },
        [reply = ctx.reply](const StoreResult<qint64> &pts) {
            if (const StoreError *error = storeError(pts))
                return answerStoreError(reply, *error);
            reply.ok(api::PtsResult{std::get<qint64>(pts)}.toCbor());
        });
}

void updatesGetDifference(RequestContext &ctx) {
    const std::optional<api::GetDifference> req = decodeArgs<api::GetDifference>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, pts = req->pts, limit = req->limit] {
            return domain.updates.difference(userId, pts, limit);
        },
        [&domain, reply = ctx.reply, deviceId = ctx.session.deviceId,
         pts = req->pts](const StoreResult<Difference> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            // A client calls this after every connect and every 15 minutes: the device is in
            // use, so its token's idle expiry starts again (coalesced in the store, cheap).
            domain.accounts.touchDevice(deviceId, nowMs());
            answerDifference(reply, pts, std::get<Difference>(result));
        });
}

void answerDifference(const Responder &reply, qint64 pts, const Difference &diff) {
    if (diff.tooLong)
        return reply.ok(api::DifferenceResult{{}, diff.pts, true, true}.toCbor());
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
    reply.ok(slice.toCbor());
}

void ping(RequestContext &ctx) {
    ctx.reply.ok(api::PongResult{nowMs()}.toCbor());
}

} // namespace msgr::server::handlers
