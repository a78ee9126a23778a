// Secret chats' key directory and relay: secret.* (protocol/api/secret.h, docs/protocol.md §12).
// The envelopes are opaque bytes: nothing here looks inside one, or logs one.
#include "protocol/api/secret.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/bundle_fetch_limiter.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

api::SecretEnvelope toWire(const SecretEnvelopeRecord &r) {
    return api::SecretEnvelope{r.id, r.senderUserId, r.senderDeviceId, r.createdAt, r.body};
}

//! The refusal as the domain gave it, or the answer `ok` builds from the value.
template <typename T, typename Ok> auto answerRefusable(const Responder &reply, Ok ok) {
    return [reply, ok = std::move(ok)](StoreResult<domain::Refusable<T>> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const domain::Refusable<T> &outcome = std::get<domain::Refusable<T>>(r);
        if (outcome.refused)
            return reply.fail(outcome.refused->code, outcome.refused->message);
        ok(outcome.value);
    };
}
} // namespace

void secretPublishKeys(RequestContext &ctx) {
    const auto req = admitted<api::PublishSecretKeys>(ctx);
    if (!req)
        return;
    ctx.server.domain->secretRelay.publishKeys(
        ctx.session.userId, ctx.session.deviceId, req->bundle, nowMs(),
        answerRefusable<qint64>(ctx.reply, [reply = ctx.reply](qint64 held) {
            reply.ok(api::SecretKeysResult{held}.toCbor());
        }));
}

void secretUploadPreKeys(RequestContext &ctx) {
    const auto req = admitted<api::UploadSecretPreKeys>(ctx);
    if (!req)
        return;
    ctx.server.domain->secretRelay.uploadPreKeys(
        ctx.session.deviceId, req->preKeys,
        answerRefusable<qint64>(ctx.reply, [reply = ctx.reply](qint64 held) {
            reply.ok(api::SecretKeysResult{held}.toCbor());
        }));
}

void secretListDevices(RequestContext &ctx) {
    const auto req = decodeArgs<api::ListSecretDevices>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = req->userId] { return domain.secretRelay.devices(userId); },
        [reply = ctx.reply](const StoreResult<QList<SecretDeviceActivity>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            api::SecretDevicesResult result;
            for (const SecretDeviceActivity &d : std::get<QList<SecretDeviceActivity>>(found))
                result.devices.append(api::SecretDeviceInfo{d.deviceId, d.lastSeenAt});
            reply.ok(result.toCbor());
        });
}

void secretGetBundle(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetSecretBundle>(ctx);
    if (!req ||
        !ctx.server.bundleFetches->admit(ctx.session.userId, req->deviceId, nowMs(), ctx.reply))
        return;
    ctx.server.domain->secretRelay.takeBundle(
        req->userId, req->deviceId, [reply = ctx.reply](StoreResult<QByteArray> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            reply.ok(api::SecretBundleResult{std::get<QByteArray>(r)}.toCbor());
        });
}

void secretSend(RequestContext &ctx) {
    const auto req = admitted<api::SendSecretEnvelope>(ctx);
    if (!req)
        return;
    ServerContext &server = ctx.server;
    const qint64 userId = req->userId, deviceId = req->deviceId;
    server.domain->secretRelay.send(
        ctx.session.userId, ctx.session.deviceId, userId, deviceId, req->envelope, nowMs(),
        answerRefusable<SecretEnvelopeRecord>(ctx.reply, [&server, reply = ctx.reply, userId,
                                                          deviceId](
                                                             const SecretEnvelopeRecord &stored) {
            // Pushed to the device's live connections (no pts: not in any update log);
            // before the answer, as every committed change is (see FanoutBus).
            const protocol::SecretEnvelopeUpdate update{toWire(stored)};
            server.bus->publish(FanoutAddress::device(userId, deviceId),
                                protocol::encodeFrame(protocol::UpdateFrame{0, update.toCbor()}));
            reply.ok(api::SecretSentResult{stored.id}.toCbor());
        }));
}

void secretGetQueue(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetSecretQueue>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    const int limit = req->limit;
    readThen(
        ctx.server, ctx.reply,
        // One more than asked: whether anything remains after the page.
        [&domain, deviceId = ctx.session.deviceId, afterId = req->afterId, limit] {
            return domain.secretRelay.queue(deviceId, afterId, limit + 1, nowMs());
        },
        [reply = ctx.reply, limit](const StoreResult<QList<SecretEnvelopeRecord>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            const auto &records = std::get<QList<SecretEnvelopeRecord>>(found);
            // Oldest first, cut by count and by what fits in one frame; the client asks again
            // with afterId = the last id of the page.
            SizedArray kept(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
            api::SecretQueueResult result;
            for (const SecretEnvelopeRecord &r : records) {
                if (result.envelopes.size() == limit)
                    break;
                const api::SecretEnvelope envelope = toWire(r);
                if (!kept.tryAppend(envelope.toCbor()))
                    break;
                result.envelopes.append(envelope);
            }
            result.final = result.envelopes.size() == records.size();
            reply.ok(result.toCbor());
        });
}

void secretAck(RequestContext &ctx) {
    const auto req = admitted<api::AckSecretQueue>(ctx);
    if (!req)
        return;
    ctx.server.domain->secretRelay.ack(ctx.session.deviceId, req->maxId,
                                       [reply = ctx.reply](StoreResult<qint64> r) {
                                           if (const StoreError *error = storeError(r))
                                               return answerStoreError(reply, *error);
                                           reply.ok(api::Empty{}.toCbor());
                                       });
}

} // namespace msgr::server::handlers
