// messages.setTyping (protocol/api/typing.h, docs/protocol.md §17): relayed, never stored.
#include "protocol/api/typing.h"
#include "protocol/frame.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void messagesSetTyping(RequestContext &ctx) {
    const std::optional<api::SetTyping> req = decodeArgs<api::SetTyping>(ctx);
    if (!req || !ctx.server.auth->admitTyping(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    const protocol::TypingUpdate update{req->chatId, ctx.session.userId, req->typing};
    readThen(
        server, ctx.reply,
        [&server, callerId = ctx.session.userId, chatId = req->chatId] {
            return server.domain->chats.typingAudience(callerId, chatId);
        },
        [&server, reply = ctx.reply, update](const StoreResult<QList<qint64>> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            // Without pts, to live connections only: a notice is stale seconds later, so it
            // has no place in the update log (nothing for getDifference to catch up on).
            const QByteArray frame =
                protocol::encodeFrame(protocol::UpdateFrame{0, update.toCbor()});
            for (const qint64 userId : std::get<QList<qint64>>(found))
                server.bus->publish(FanoutAddress::user(userId), frame);
            reply.ok(api::Empty{}.toCbor());
        });
}

} // namespace msgr::server::handlers
