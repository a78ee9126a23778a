#include "server/domain/comments.h"

#include "server/domain/units.h"

#include <algorithm>
#include <limits>

namespace msgr::server::domain {

namespace {

using protocol::ErrorCode;
using protocol::api::Comment;

template <typename T> StoreResult<T> refuseComment(ErrorCode code, const QString &message) {
    T change;
    change.refused = Refusal{code, message};
    return change;
}

Comment toComment(const ChannelCommentRecord &record, bool withRandomId) {
    return Comment{record.id,
                   record.channelId,
                   record.postId,
                   record.senderId,
                   record.date,
                   record.text,
                   withRandomId ? record.randomId : 0};
}

//! The channel and the caller's subscriber row, when the caller may read it: a public channel
//! for anyone, a private one for its subscribers (others, like no channel at all, NotFound, so
//! private channel ids cannot be probed; the same rule as §15.1).
struct Thread {
    ChannelRecord channel;
    std::optional<ChannelMemberRecord> caller;

    bool callerManages() const {
        return caller && (caller->role == MemberRole::Admin || caller->role == MemberRole::Owner);
    }
};

std::optional<Thread> openThread(RecordReader &records, qint64 channelId, qint64 callerId) {
    std::optional<ChannelRecord> channel = records.channel(channelId);
    if (!channel)
        return std::nullopt;
    Thread thread{std::move(*channel), records.channelMember(channelId, callerId)};
    if (thread.channel.name.isEmpty() && !thread.caller)
        return std::nullopt;
    return thread;
}

//! Why `postId` cannot carry comments, or nullopt when it can: a post of this channel that is
//! not its service message.
std::optional<Refusal> postRefusal(RecordReader &records, qint64 channelId, qint64 postId) {
    const std::optional<protocol::Message> post = records.message(channelId, postId);
    if (!post)
        return Refusal{ErrorCode::BadRequest, QStringLiteral("no such post in the channel")};
    if (post->action)
        return Refusal{ErrorCode::BadRequest, QStringLiteral("a service message has no comments")};
    return std::nullopt;
}

} // namespace

void Comments::comment(qint64 callerId, qint64 channelId, qint64 postId, qint64 randomId,
                       const QString &text, qint64 now, Done done) {
    writeUnit<CommentChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<CommentChange> {
            const qint64 rowsBefore = records.rowsChanged();
            const std::optional<Thread> thread = openThread(records, channelId, callerId);
            if (!thread)
                return StoreError::NotFound;
            CommentChange change;
            // A resend (lost answer, reconnect) gets the stored comment back; nothing new.
            if (const auto earlier = records.channelCommentBySender(callerId, randomId)) {
                if (earlier->channelId != channelId || earlier->postId != postId)
                    return refuseComment<CommentChange>(
                        ErrorCode::BadRequest, QStringLiteral("randomId was already used"));
                const PostThreadRecord counts = records.postThread(channelId, postId);
                change.comment = toComment(*earlier, true);
                change.commentCount = counts.commentCount;
                change.lastCommentId = counts.lastCommentId;
                change.duplicate = true;
                return change;
            }
            // The comment this randomId wrote was deleted: a late resend must not bring it back.
            if (records.channelCommentRandomIdRetired(callerId, randomId))
                return refuseComment<CommentChange>(
                    ErrorCode::BadRequest,
                    QStringLiteral("randomId was already used by a comment since deleted"));
            if (!thread->caller)
                return refuseComment<CommentChange>(
                    ErrorCode::Forbidden, QStringLiteral("subscribe to the channel to comment"));
            if (std::optional<Refusal> refused = postRefusal(records, channelId, postId))
                return refuseComment<CommentChange>(refused->code, refused->message);
            ChannelCommentRecord record{0, channelId, postId, callerId, randomId, now, text};
            record.id = records.insertChannelComment(record);
            const PostThreadRecord counts = records.postThread(channelId, postId);
            change.comment = toComment(record, true);
            change.commentCount = counts.commentCount;
            change.lastCommentId = counts.lastCommentId;
            change.changed = true;
            change.rowsWritten = records.rowsChanged() - rowsBefore;
            return change;
        },
        std::move(done));
}

void Comments::remove(qint64 callerId, qint64 channelId, qint64 postId, qint64 commentId,
                      Done done) {
    writeUnit<CommentChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<CommentChange> {
            const qint64 rowsBefore = records.rowsChanged();
            const std::optional<Thread> thread = openThread(records, channelId, callerId);
            if (!thread)
                return StoreError::NotFound;
            if (std::optional<Refusal> refused = postRefusal(records, channelId, postId))
                return refuseComment<CommentChange>(refused->code, refused->message);
            CommentChange change;
            const std::optional<ChannelCommentRecord> target = records.channelComment(commentId);
            if (target && target->channelId == channelId && target->postId == postId) {
                if (target->senderId != callerId && !thread->callerManages())
                    return refuseComment<CommentChange>(
                        ErrorCode::Forbidden,
                        QStringLiteral("only the author, the owner and admins delete a comment"));
                records.deleteChannelComment(commentId);
                change.comment = toComment(*target, false);
                change.changed = true;
            } // else: gone already (a retry) or never there: nothing to do
            const PostThreadRecord counts = records.postThread(channelId, postId);
            change.commentCount = counts.commentCount;
            change.lastCommentId = counts.lastCommentId;
            change.rowsWritten = records.rowsChanged() - rowsBefore;
            return change;
        },
        std::move(done));
}

StoreResult<CommentsPage> Comments::page(qint64 viewerId, qint64 channelId, qint64 postId,
                                         qint64 beforeId, qint64 afterId, int limit) {
    limit = std::max(1, limit);
    return readUnit<CommentsPage>(m_store, [&](RecordReader &records) -> StoreResult<CommentsPage> {
        if (!openThread(records, channelId, viewerId))
            return StoreError::NotFound;
        CommentsPage page;
        page.refused = postRefusal(records, channelId, postId);
        if (page.refused)
            return page;
        page.commentCount = records.postThread(channelId, postId).commentCount;
        // One row past the page says whether more remain.
        QList<ChannelCommentRecord> rows =
            afterId > 0
                ? records.channelCommentsAfter(channelId, postId, afterId, limit + 1)
                : records.channelCommentsBefore(
                      channelId, postId,
                      beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max(), limit + 1);
        if (rows.size() > limit) {
            page.more = true;
            rows.resize(limit);
        }
        if (afterId <= 0)
            std::reverse(rows.begin(), rows.end());
        for (const ChannelCommentRecord &row : std::as_const(rows))
            page.comments.append(toComment(row, false));
        return page;
    });
}

void Comments::countComments(RecordReader &records, qint64 channelId,
                             QList<protocol::Message> &messages) {
    for (protocol::Message &message : messages) {
        if (!message.action)
            message.commentCount = records.postThread(channelId, message.id).commentCount;
    }
}

void Comments::countComments(RecordReader &records, qint64 channelId,
                             QList<protocol::LoggedUpdate> &entries) {
    for (protocol::LoggedUpdate &entry : entries) {
        if (auto *posted = std::get_if<protocol::NewMessageUpdate>(&entry.update);
            posted && !posted->message.action)
            posted->message.commentCount =
                records.postThread(channelId, posted->message.id).commentCount;
    }
}

} // namespace msgr::server::domain
