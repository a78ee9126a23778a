#include "protocol/api/comments.h"

#include "protocol/api/codec.h"
#include "protocol/map_reader.h"

namespace msgr::protocol::api {
using codec::L;
using codec::notBlank;

QCborMap Comment::toCbor() const {
    QCborMap map{{L("id"), id},         {L("channelId"), channelId},
                 {L("postId"), postId}, {L("senderId"), senderId},
                 {L("date"), date},     {L("text"), text}};
    if (randomId != 0) // the author's own answer only
        map.insert(L("randomId"), randomId);
    return map;
}

std::optional<Comment> Comment::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    Comment c;
    c.id = r.requireInt(L("id"), 1);
    c.channelId = r.requireInt(L("channelId"), 1);
    c.postId = r.requireInt(L("postId"), 1);
    c.senderId = r.requireInt(L("senderId"), 1);
    c.date = r.requireInt(L("date"), 0);
    c.text = r.requireString(L("text"), 1, kMaxCommentChars);
    c.randomId = r.intOr(L("randomId"), 0);
    return codec::finish(r, c, error);
}

QCborMap CommentResult::toCbor() const {
    return {{L("comment"), comment.toCbor()},
            {L("commentCount"), commentCount},
            {L("duplicate"), duplicate}};
}

std::optional<CommentResult> CommentResult::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    CommentResult result;
    const QCborMap comment = r.requireMap(L("comment"));
    result.commentCount = r.requireInt(L("commentCount"), 0);
    result.duplicate = r.boolOr(L("duplicate"), false);
    if (!r.ok())
        return codec::finish(r, result, error);
    std::optional<Comment> parsed = Comment::fromCbor(comment, error);
    if (!parsed)
        return std::nullopt;
    result.comment = std::move(*parsed);
    return result;
}

QCborMap CommentsResult::toCbor() const {
    return {{L("comments"), codec::listToCbor(comments)},
            {L("commentCount"), commentCount},
            {L("final"), final}};
}

std::optional<CommentsResult> CommentsResult::fromCbor(const QCborMap &map, QString *error) {
    CommentsResult result;
    if (!codec::readList(map, L("comments"), &result.comments, error))
        return std::nullopt;
    if (result.comments.size() > kMaxCommentsPage) {
        if (error)
            *error = QStringLiteral("more comments than a page holds");
        return std::nullopt;
    }
    MapReader r(map);
    result.commentCount = r.requireInt(L("commentCount"), 0);
    result.final = r.boolOr(L("final"), true);
    return codec::finish(r, result, error);
}

QCborMap DeleteCommentResult::toCbor() const {
    return {{L("commentCount"), commentCount}, {L("deleted"), deleted}};
}

std::optional<DeleteCommentResult> DeleteCommentResult::fromCbor(const QCborMap &map,
                                                                 QString *error) {
    MapReader r(map);
    DeleteCommentResult result;
    result.commentCount = r.requireInt(L("commentCount"), 0);
    result.deleted = r.boolOr(L("deleted"), false);
    return codec::finish(r, result, error);
}

QCborMap CommentOnPost::toCbor() const {
    return {{L("channelId"), channelId},
            {L("postId"), postId},
            {L("randomId"), randomId},
            {L("text"), text}};
}

Decoded<CommentOnPost> CommentOnPost::decode(const QCborValue &args) {
    auto d = codec::decodeWith<CommentOnPost>(args, [](MapReader &r, CommentOnPost &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.postId = r.requireInt(L("postId"), 1);
        v.randomId = r.requireInt(L("randomId"));
        v.text = r.requireString(L("text"), 1, kMaxCommentChars);
        if (r.ok() && v.randomId == 0)
            r.fail(ErrorCode::BadRequest, QStringLiteral("randomId must not be 0"));
        if (r.ok() && !notBlank(v.text))
            r.fail(ErrorCode::BadRequest, QStringLiteral("the text must not be blank"));
    });
    return d;
}

QCborMap GetComments::toCbor() const {
    return {{L("channelId"), channelId},
            {L("postId"), postId},
            {L("beforeId"), beforeId},
            {L("afterId"), afterId},
            {L("limit"), limit}};
}

Decoded<GetComments> GetComments::decode(const QCborValue &args) {
    return codec::decodeWith<GetComments>(args, [](MapReader &r, GetComments &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.postId = r.requireInt(L("postId"), 1);
        v.beforeId = r.intOr(L("beforeId"), 0, 0);
        v.afterId = r.intOr(L("afterId"), 0, 0);
        v.limit = int(r.intOr(L("limit"), kDefaultCommentsPage, 1, kMaxCommentsPage));
        if (r.ok() && v.beforeId > 0 && v.afterId > 0)
            r.fail(ErrorCode::BadRequest, QStringLiteral("give beforeId or afterId, not both"));
    });
}

QCborMap DeleteComment::toCbor() const {
    return {{L("channelId"), channelId}, {L("postId"), postId}, {L("commentId"), commentId}};
}

Decoded<DeleteComment> DeleteComment::decode(const QCborValue &args) {
    return codec::decodeWith<DeleteComment>(args, [](MapReader &r, DeleteComment &v) {
        v.channelId = r.requireInt(L("channelId"), 1);
        v.postId = r.requireInt(L("postId"), 1);
        v.commentId = r.requireInt(L("commentId"), 1);
    });
}

} // namespace msgr::protocol::api

namespace msgr::protocol {
using api::codec::L;

QCborMap PostCommentsPush::toCbor() const {
    return {{L("type"), type},
            {L("channelId"), channelId},
            {L("postId"), postId},
            {L("commentCount"), commentCount},
            {L("lastCommentId"), lastCommentId}};
}

std::optional<PostCommentsPush> PostCommentsPush::fromCbor(const QCborMap &map, QString *error) {
    MapReader r(map);
    PostCommentsPush push;
    if (r.requireString(L("type"), 1, 32) != type && r.ok())
        r.fail(ErrorCode::BadRequest, QStringLiteral("not a postComments push"));
    push.channelId = r.requireInt(L("channelId"), 1);
    push.postId = r.requireInt(L("postId"), 1);
    push.commentCount = r.requireInt(L("commentCount"), 0);
    push.lastCommentId = r.intOr(L("lastCommentId"), 0, 0);
    return api::codec::finish(r, push, error);
}

} // namespace msgr::protocol
