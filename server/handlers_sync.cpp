// Sync: updates.*, ping (docs/protocol.md §5, §6).
#include "protocol/limits.h"
#include "protocol/map_reader.h"
#include "server/async_read.h"
#include "server/handlers.h"

#include <QCborArray>

namespace msgr::server::handlers {
namespace {
using L = QLatin1StringView;
void answerDifference(const Responder &reply, qint64 pts, const Difference &diff);
} // namespace

void updatesGetState(RequestContext &ctx) {
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId] { return domain.updates.currentPts(userId); },
        [reply = ctx.reply](const StoreResult<qint64> &pts) {
            if (const StoreError *error = storeError(pts))
                return answerStoreError(reply, *error);
            reply.ok({{L("pts"), std::get<qint64>(pts)}});
        });
}

void updatesGetDifference(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 pts = reader.requireInt(L("pts"), 0);
    const int limit = int(
        reader.intOr(L("limit"), protocol::kMaxDifferenceSlice, 1, protocol::kMaxDifferenceSlice));
    if (rejectInvalid(ctx, reader))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, pts, limit] {
            return domain.updates.difference(userId, pts, limit);
        },
        [&domain, reply = ctx.reply, deviceId = ctx.session.deviceId,
         pts](const StoreResult<Difference> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            // A client calls this after every connect and every 15 minutes: the device is in
            // use, so its token's idle expiry starts again (coalesced in the store, cheap).
            domain.accounts.touchDevice(deviceId, nowMs());
            answerDifference(reply, pts, std::get<Difference>(result));
        });
}

namespace {
void answerDifference(const Responder &reply, qint64 pts, const Difference &diff) {
    if (diff.tooLong)
        return reply.ok({{L("tooLong"), true}, {L("pts"), diff.pts}});
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
    reply.ok({{L("updates"), updates.items()}, {L("pts"), lastPts}, {L("final"), final}});
}
} // namespace

void ping(RequestContext &ctx) {
    ctx.reply.ok({{L("time"), nowMs()}});
}

} // namespace msgr::server::handlers
