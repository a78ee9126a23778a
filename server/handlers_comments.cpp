// Comments on channel posts: channels.comment, channels.comments, channels.deleteComment
// (protocol/api/comments.h, docs/protocol.md §22).
#include "protocol/api/comments.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "server/async_read.h"
#include "server/auth_service.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"

#include <algorithm>

namespace msgr::server::handlers {
namespace {
namespace api = protocol::api;

//! The post's new count to the channel's topic (open connections of its subscribers), as one
//! `upd` frame without a `pts`, encoded once. Never logged: it costs no row, and a reader who
//! missed it sees the count on the next post it fetches.
void pushCount(FanoutBus &bus, qint64 channelId, qint64 postId,
               const domain::CommentChange &change) {
    const protocol::PostCommentsPush push{channelId, postId, change.commentCount,
                                          change.lastCommentId};
    bus.publish(FanoutAddress::topic(channelId),
                protocol::encodeFrame(protocol::UpdateFrame{0, push.toCbor()}));
}
} // namespace

void channelsComment(RequestContext &ctx) {
    const auto req = admitted<api::CommentOnPost>(ctx);
    if (!req)
        return;
    ServerContext &server = ctx.server;
    server.domain->comments.comment(
        ctx.session.userId, req->channelId, req->postId, req->randomId, req->text, nowMs(),
        [&server, reply = ctx.reply, channelId = req->channelId,
         postId = req->postId](StoreResult<domain::CommentChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::CommentChange &change = std::get<domain::CommentChange>(r);
            if (change.refused)
                return reply.fail(change.refused->code, change.refused->message);
            if (change.changed) {
                server.metrics->channelCommentStored(change.rowsWritten);
                pushCount(*server.bus, channelId, postId, change);
            }
            reply.ok(
                api::CommentResult{change.comment, change.commentCount, change.duplicate}.toCbor());
        });
}

void channelsDeleteComment(RequestContext &ctx) {
    const auto req = admitted<api::DeleteComment>(ctx);
    if (!req)
        return;
    ServerContext &server = ctx.server;
    server.domain->comments.remove(
        ctx.session.userId, req->channelId, req->postId, req->commentId,
        [&server, reply = ctx.reply, channelId = req->channelId,
         postId = req->postId](StoreResult<domain::CommentChange> r) {
            if (const StoreError *error = storeError(r))
                return answerStoreError(reply, *error);
            const domain::CommentChange &change = std::get<domain::CommentChange>(r);
            if (change.refused)
                return reply.fail(change.refused->code, change.refused->message);
            if (change.changed)
                pushCount(*server.bus, channelId, postId, change);
            reply.ok(api::DeleteCommentResult{change.commentCount, change.changed}.toCbor());
        });
}

void channelsComments(RequestContext &ctx) {
    const auto req = decodeArgs<api::GetComments>(ctx);
    if (!req)
        return;
    domain::Domain &domain = *ctx.server.domain;
    readThen(
        ctx.server, ctx.reply,
        [&domain, userId = ctx.session.userId, r = *req] {
            return domain.comments.page(userId, r.channelId, r.postId, r.beforeId, r.afterId,
                                        r.limit);
        },
        [reply = ctx.reply,
         forward = req->afterId > 0](const StoreResult<domain::CommentsPage> &result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const auto &page = std::get<domain::CommentsPage>(result);
            if (page.refused)
                return reply.fail(page.refused->code, page.refused->message);
            // Cut to the frame cap from the far end of the direction asked, so that asking
            // again from the last (forward) or first (backward) id returned loses nothing.
            api::CommentsResult answer;
            answer.commentCount = page.commentCount;
            answer.final = !page.more;
            SizedArray kept(protocol::kMaxFrameBytes - SizedArray::kAnswerEnvelopeBytes);
            QList<api::Comment> comments = page.comments;
            if (!forward)
                std::reverse(comments.begin(), comments.end()); // newest first while cutting
            for (const api::Comment &comment : std::as_const(comments)) {
                if (!kept.tryAppend(comment.toCbor())) {
                    answer.final = false;
                    break;
                }
                answer.comments.append(comment);
            }
            if (!forward)
                std::reverse(answer.comments.begin(), answer.comments.end());
            reply.ok(answer.toCbor());
        });
}

} // namespace msgr::server::handlers
