// Messages: messages.* (docs/protocol.md §5).
#include "protocol/limits.h"
#include "protocol/map_reader.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"

#include <QCborArray>

namespace msgr::server::handlers {
namespace {
using protocol::ErrorCode;
using L = QLatin1StringView;

void answerHistory(const Responder &reply, const HistoryPage &page);

//! Common answer of messages.received / messages.read once the position is stored.
auto positionDone(ServerContext &server, const Responder &reply, bool withPts) {
    return [&server, reply, withPts](StoreResult<PositionChange> r) {
        if (const StoreError *error = storeError(r))
            return answerStoreError(reply, *error);
        const PositionChange &change = std::get<PositionChange>(r);
        server.bus->publish(change.updates);
        reply.ok(withPts ? QCborMap{{L("pts"), change.callerPts}} : QCborMap{});
    };
}
} // namespace

void messagesSend(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 chatId = reader.requireInt(L("chatId"), 1);
    const qint64 randomId = reader.requireInt(L("randomId"));
    const QString text = reader.requireString(L("text"), 1, protocol::kMaxTextChars);
    if (rejectInvalid(ctx, reader))
        return;
    if (randomId == 0)
        return ctx.reply.fail(ErrorCode::BadRequest, QStringLiteral("randomId must not be 0"));
    if (!ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->messages.appendMessage(
        ctx.session.userId, chatId, randomId, text, nowMs(),
        [&server, reply = ctx.reply](StoreResult<AppendedMessage> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const AppendedMessage &appended = std::get<AppendedMessage>(r);
            if (!appended.duplicate)
                server.metrics->messageStored();
            // The `upd` frames are queued before the `res`, so the sender's
            // connection sees its own newMessage first, as in
            // docs/protocol.md §7.
            server.bus->publish(appended.updates);
            reply.ok({{L("message"), appended.message.toCbor()},
                      {L("pts"), appended.senderPts},
                      {L("duplicate"), appended.duplicate}});
        });
}

void messagesHistory(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 chatId = reader.requireInt(L("chatId"), 1);
    const qint64 beforeId = reader.intOr(L("beforeId"), 0, 0);
    const int limit = int(reader.requireInt(L("limit"), 1, protocol::kMaxHistoryLimit));
    if (rejectInvalid(ctx, reader))
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, chatId, beforeId, limit] {
            return domain.messages.history(userId, chatId, beforeId, limit);
        },
        [reply = ctx.reply](const StoreResult<HistoryPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            answerHistory(reply, std::get<HistoryPage>(result));
        });
}

namespace {
void answerHistory(const Responder &reply, const HistoryPage &page) {
    // The page is the NEWEST messages below beforeId, so a cut by size drops the oldest: the
    // client asks for the next page with beforeId = the first id here, as after any page.
    SizedArray kept(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
    qsizetype first = page.messages.size();
    while (first > 0 && kept.tryAppend(page.messages.at(first - 1).toCbor()))
        --first;
    QCborArray messages;
    for (qsizetype i = first; i < page.messages.size(); ++i)
        messages.append(kept.items().at(page.messages.size() - 1 - i));
    const bool cut = first > 0;
    // final: nothing older remains (the client stops paging back).
    reply.ok({{L("messages"), messages}, {L("final"), !cut && !page.more}});
}
} // namespace

void messagesReceived(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 chatId = reader.requireInt(L("chatId"), 1);
    const qint64 maxId = reader.requireInt(L("maxId"), 0);
    if (rejectInvalid(ctx, reader) || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ctx.server.domain->readState.markDelivered(ctx.session.userId, chatId, maxId,
                                               positionDone(ctx.server, ctx.reply, false));
}

void messagesRead(RequestContext &ctx) {
    protocol::MapReader reader(ctx.args);
    const qint64 chatId = reader.requireInt(L("chatId"), 1);
    const qint64 maxId = reader.requireInt(L("maxId"), 0);
    if (rejectInvalid(ctx, reader) || !ctx.server.auth->admitWrite(ctx.session.userId, ctx.reply))
        return;
    ctx.server.domain->readState.markRead(ctx.session.userId, chatId, maxId,
                                          positionDone(ctx.server, ctx.reply, true));
}

} // namespace msgr::server::handlers
