#pragma once
//! Comments on channel posts through the server (docs/protocol.md §22): write one, read a page
//! of a post's thread, delete one; and the live postComments push. Every answer's count and
//! every push are stored (CommentCounts) before anyone hears of them, so the chat view's "N
//! comments" is the store's; a push received after a request was sent beats that request's
//! answer (CommentCountStamps). The comments every answer carries are stored too
//! (StoredComments), so a thread opened once shows offline; it is still read from the server
//! when opened, page by page, and an open thread catches up from its last id. Offline, a page
//! or a deletion is refused at once (code OFFLINE). A comment written is kept first in the
//! comment outbox (PendingComments, also when offline: then refused with OFFLINE) and sent
//! once with its random id: now if online, else when the link is next authorized (also after
//! a restart); the outcome of every write, whoever asked, is told by commentWritten.
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/comments/comment_count_stamps.h"
#include "protocol/api/comments.h"
#include "protocol/frame.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class RequestChannel;

//! What one act on a thread came to: `code` empty on success (else the server's error code
//! name, or OFFLINE when not connected or the connection dropped before the answer).
struct CommentOutcome {
    QString code;
    QString message;
    qint64 retryAfterMs = 0;                // FLOOD_WAIT
    QList<protocol::api::Comment> comments; // a page (ascending), or the comment written
    qint64 commentCount = 0;                // the post's, as of the answer
    bool final = true;                      // a page: nothing more in the direction asked
    bool duplicate = false;                 // a resend: the comment was written before
    bool deleted = false;
    bool ok() const { return code.isEmpty(); }
};
using CommentDone = std::function<void(const CommentOutcome &outcome)>;

//! One request of a thread (SyncEngine::commentCall). `kind` says which fields count.
struct CommentRequest {
    enum class Kind { Write, Page, Delete };
    Kind kind = Kind::Page;
    qint64 channelId = 0;
    qint64 postId = 0;
    qint64 randomId = 0; // Write: kept by the caller across retries (a resend is no duplicate)
    QString text;        // Write
    qint64 beforeId = 0; // Page: the newest below it (0: the newest)
    qint64 afterId = 0;  // Page: the oldest after it (catching up); beforeId must be 0 then
    int limit = protocol::api::kDefaultCommentsPage; // Page
    qint64 commentId = 0;                            // Delete
};

class CommentService : public QObject {
    Q_OBJECT
public:
    //! `link` and `store` must outlive the service.
    CommentService(RequestChannel *link, storage::ProfileStore *store, QObject *parent = nullptr);

    //! A pushed frame: true when it was a postComments push (stored, then postCommentsChanged).
    bool offer(const protocol::UpdateFrame &frame);
    void call(const CommentRequest &request, CommentDone done);
    //! Which of a push and an answer told a post's count last (shared with channels/).
    CommentCountStamps *countStamps() { return &m_stamps; }

signals:
    //! A post's count changed (a push; already stored). `lastCommentId`: the thread's newest.
    void postCommentsChanged(qint64 channelId, qint64 postId, qint64 commentCount,
                             qint64 lastCommentId);
    //! A comment of the outbox was answered (stored; OFFLINE outcomes are not told): written,
    //! or refused for good (kept as failed).
    void commentWritten(qint64 channelId, qint64 postId, qint64 randomId,
                        const msgr::core::CommentOutcome &outcome);

private:
    void write(const CommentRequest &request, CommentDone done);
    //! Sends a comment kept in the outbox (its answer stored, then done and commentWritten).
    void sendKept(const CommentRequest &request, CommentDone done);
    //! The link is authorized: the outbox's waiting comments are sent.
    void sendWaiting();
    void page(const CommentRequest &request, CommentDone done);
    void remove(const CommentRequest &request, CommentDone done);
    //! Stores the post's count, then done(outcome).
    //! Stores what the answer to `request` told: the post's count unless a push overtook the
    //! request (stamped `asked`), and its comments (StoredComments); then done(outcome).
    void storeAnswer(const CommentRequest &request, const CommentOutcome &outcome,
                     CommentCountStamps::Stamp asked, CommentDone done);

    QPointer<RequestChannel> m_link;
    storage::ProfileStore *m_store;
    CommentCountStamps m_stamps;
    QHash<qint64, int> m_sending; // random id -> writes of it in flight
};

} // namespace msgr::core
