// Drafts: messages.saveDraft, messages.getDrafts (protocol/api/drafts.h, docs/protocol.md §17.2).
#include "protocol/api/drafts.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;
}

void messagesSaveDraft(RequestContext &ctx) {
    const std::optional<api::SaveDraft> req = decodeArgs<api::SaveDraft>(ctx);
    // Its own bucket, not the writes': a user typing in several chats saves often, and must
    // never starve their sends (nor a flood of saves pass as ordinary writes).
    if (!req || !ctx.server.auth->admitDraft(ctx.session.userId, ctx.reply))
        return;
    ServerContext &server = ctx.server;
    server.domain->drafts.save(
        ctx.session.userId, req->chatId, req->text, nowMs(),
        [&server, reply = ctx.reply](StoreResult<domain::DraftChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::DraftChange &change = std::get<domain::DraftChange>(r);
            server.bus->publish(change.updates); // before the answer: see FanoutBus
            reply.ok(api::SaveDraftResult{change.date, change.callerPts}.toCbor());
        });
}

void messagesGetDrafts(RequestContext &ctx) {
    const std::optional<api::GetDrafts> req = decodeArgs<api::GetDrafts>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, offset = req->offsetChatId] {
            return domain.drafts.page(userId, offset, api::kDraftsPerPage);
        },
        [reply = ctx.reply, time = nowMs()](const StoreResult<domain::DraftPage> &found) {
            if (const StoreError *error = storeError(found))
                return answerStoreError(reply, *error);
            const domain::DraftPage &page = std::get<domain::DraftPage>(found);
            // `time` is taken before the read: a draft dated after it may or may not be in
            // the page, which is what the client's rule for absent drafts assumes (§17.2).
            reply.ok(api::DraftsPage{page.drafts, page.final, time}.toCbor());
        });
}

} // namespace msgr::server::handlers
