#include "core/comments/comment_service.h"

#include "core/comments/comment_counts.h"
#include "core/comments/pending_comments.h"
#include "core/comments/stored_comments.h"
#include "core/net/request_channel.h"
#include "storage/profile_store.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcComments, "msgr.core.comments")

namespace msgr::core {

namespace api = protocol::api;

namespace {
const QString kOffline = QStringLiteral("OFFLINE");
const QString kOfflineMessage =
    QStringLiteral("not connected: comments need the server; sent again when online");

template <typename T> CommentOutcome refusal(const api::Reply<T> &reply) {
    CommentOutcome outcome;
    outcome.code = reply.connectionLost ? kOffline : protocol::errorCodeName(reply.error.code);
    outcome.message = reply.connectionLost ? kOfflineMessage : reply.error.message;
    outcome.retryAfterMs = reply.error.retryAfterMs;
    return outcome;
}
} // namespace

CommentService::CommentService(RequestChannel *link, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_link(link), m_store(store) {
    connect(link, &RequestChannel::authorized, this, &CommentService::sendWaiting);
}

bool CommentService::offer(const protocol::UpdateFrame &frame) {
    if (frame.pts != 0 || frame.update.value(QLatin1StringView("type")).toString() !=
                              protocol::PostCommentsPush::type)
        return false;
    QString why;
    const std::optional<protocol::PostCommentsPush> push =
        protocol::PostCommentsPush::fromCbor(frame.update, &why);
    if (!push || push->channelId <= 0 || push->postId <= 0) {
        qCWarning(lcComments) << "malformed postComments push dropped:" << why;
        return true;
    }
    const protocol::PostCommentsPush p = *push;
    m_stamps.pushed(p.channelId, p.postId); // answers to requests sent before it lose to it
    m_store->write(
        [p](storage::WriteTransaction &tx) {
            CommentCounts::set(tx, p.channelId, p.postId, p.commentCount);
        },
        this,
        [this, p] {
            emit postCommentsChanged(p.channelId, p.postId, p.commentCount, p.lastCommentId);
        });
    return true;
}

void CommentService::call(const CommentRequest &request, CommentDone done) {
    if (request.kind == CommentRequest::Kind::Write)
        return write(request, std::move(done)); // kept first, online or not
    if (!m_link || !m_link->isAuthorized()) {
        CommentOutcome outcome;
        outcome.code = kOffline;
        outcome.message = kOfflineMessage;
        done(outcome);
        return;
    }
    switch (request.kind) {
    case CommentRequest::Kind::Write:
    case CommentRequest::Kind::Page:
        return page(request, std::move(done));
    case CommentRequest::Kind::Delete:
        return remove(request, std::move(done));
    }
}

void CommentService::storeAnswer(const CommentRequest &r, const CommentOutcome &outcome,
                                 CommentCountStamps::Stamp asked, CommentDone done) {
    // The newest page is the truth for its span (all of the thread when final).
    std::optional<qint64> truthFrom;
    if (r.kind == CommentRequest::Kind::Page && r.beforeId == 0 && r.afterId == 0)
        truthFrom = outcome.final || outcome.comments.isEmpty() ? 0 : outcome.comments.first().id;
    m_store->write(
        [r, truthFrom, comments = outcome.comments,
         count = m_stamps.countFromAnswer(r.channelId, r.postId, outcome.commentCount, asked)](
            storage::WriteTransaction &tx) {
            CommentCounts::set(tx, r.channelId, r.postId, count);
            if (r.kind == CommentRequest::Kind::Write)
                PendingComments::remove(tx, r.randomId); // the server has it
            if (r.kind == CommentRequest::Kind::Delete)
                StoredComments::remove(tx, r.channelId, r.postId, r.commentId);
            else
                StoredComments::storePage(tx, r.channelId, r.postId, comments, truthFrom);
        },
        this, [outcome, done = std::move(done)] { done(outcome); });
}

void CommentService::write(const CommentRequest &r, CommentDone done) {
    if (r.randomId == 0 || r.channelId <= 0 || r.postId <= 0) {
        CommentOutcome outcome;
        outcome.code = QStringLiteral("BAD_REQUEST");
        outcome.message = QStringLiteral("a comment needs its post and a random id");
        return done(outcome);
    }
    const PendingComment kept{
        r.randomId, r.channelId, r.postId, r.text, QDateTime::currentMSecsSinceEpoch(), false};
    m_store->write([kept](storage::WriteTransaction &tx) { PendingComments::keep(tx, kept); }, this,
                   [this, r, done = std::move(done)] {
                       if (m_link && m_link->isAuthorized())
                           return sendKept(r, done);
                       CommentOutcome outcome; // kept: sent when the link is authorized
                       outcome.code = kOffline;
                       outcome.message = kOfflineMessage;
                       done(outcome);
                   });
}

void CommentService::sendKept(const CommentRequest &r, CommentDone done) {
    ++m_sending[r.randomId];
    const auto finish = [this, r, done](const CommentOutcome &outcome) {
        if (--m_sending[r.randomId] <= 0)
            m_sending.remove(r.randomId);
        if (done)
            done(outcome);
        if (outcome.code != kOffline)
            emit commentWritten(r.channelId, r.postId, r.randomId, outcome);
    };
    m_link->call(
        api::CommentOnPost{r.channelId, r.postId, r.randomId, r.text}, this,
        [this, r, finish, asked = m_stamps.asked()](const api::Reply<api::CommentResult> &reply) {
            if (!reply.ok()) {
                const CommentOutcome refused = refusal(reply);
                if (refused.code == kOffline)
                    return finish(refused); // stays waiting: sent again when authorized
                // Refused for good (not subscribed, too long...): kept as failed, never resent
                // unless the user retries.
                return m_store->write(
                    [id = r.randomId](storage::WriteTransaction &tx) {
                        PendingComments::setFailed(tx, id);
                    },
                    this, [finish, refused] { finish(refused); });
            }
            CommentOutcome outcome;
            outcome.comments = {reply.value->comment};
            outcome.commentCount = reply.value->commentCount;
            outcome.duplicate = reply.value->duplicate;
            storeAnswer(r, outcome, asked, finish);
        });
}

void CommentService::sendWaiting() {
    m_store->read([](storage::ReadTransaction &tx) { return PendingComments::waiting(tx); }, this,
                  [this](const QList<PendingComment> &waiting) {
                      for (const PendingComment &c : waiting) {
                          if (m_sending.contains(c.randomId) || !m_link || !m_link->isAuthorized())
                              continue; // in flight already / dropped again: next time
                          CommentRequest r;
                          r.kind = CommentRequest::Kind::Write;
                          r.channelId = c.channelId;
                          r.postId = c.postId;
                          r.randomId = c.randomId;
                          r.text = c.text;
                          sendKept(r, {});
                      }
                  });
}

void CommentService::page(const CommentRequest &r, CommentDone done) {
    const int limit = std::clamp(r.limit, 1, api::kMaxCommentsPage);
    m_link->call(
        api::GetComments{r.channelId, r.postId, r.afterId > 0 ? 0 : r.beforeId, r.afterId, limit},
        this,
        [this, r, done, asked = m_stamps.asked()](const api::Reply<api::CommentsResult> &reply) {
            if (!reply.ok())
                return done(refusal(reply));
            CommentOutcome outcome;
            outcome.comments = reply.value->comments;
            outcome.commentCount = reply.value->commentCount;
            outcome.final = reply.value->final;
            storeAnswer(r, outcome, asked, done);
        });
}

void CommentService::remove(const CommentRequest &r, CommentDone done) {
    m_link->call(api::DeleteComment{r.channelId, r.postId, r.commentId}, this,
                 [this, r, done,
                  asked = m_stamps.asked()](const api::Reply<api::DeleteCommentResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     CommentOutcome outcome;
                     outcome.commentCount = reply.value->commentCount;
                     outcome.deleted = reply.value->deleted;
                     storeAnswer(r, outcome, asked, done);
                 });
}

} // namespace msgr::core
