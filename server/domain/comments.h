#pragma once
//! Comments on channel posts (docs/protocol.md §22): the rules of who may comment, read and
//! delete, over the store's comment records (schema 18). The store keeps rows only.
//!
//! A comment is one row, and its post's thread row (count, newest comment) one more: a
//! constant cost whatever the number of subscribers, and nothing in any log. Readers learn
//! counts from every post they fetch (channels.history and channels.getDifference carry
//! `commentCount`) and, while connected, from an unlogged `postComments` push to the channel's
//! topic (the caller of comment/deleteComment sends it): a busy thread never pushes posts out
//! of the channel's retained log.
//!
//! Thread-safe; a write's `done` runs on the store's writer thread, in commit order.
#include "protocol/api/comments.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! The outcome of channels.comment / channels.deleteComment.
struct CommentChange {
    protocol::api::Comment comment; // comment: as its author sees it (with randomId)
    qint64 commentCount = 0;        // the post's, after the call
    qint64 lastCommentId = 0;       // the post's newest comment after the call (0: none)
    bool duplicate = false;         // comment: a resend; nothing written
    bool changed = false;           // something was written: push postComments
    qint64 rowsWritten = 0;         // rows the unit inserted/updated/deleted
    std::optional<Refusal> refused; // set: nothing was written
};

struct CommentsPage {
    QList<protocol::api::Comment> comments; // ascending by id
    qint64 commentCount = 0;
    bool more = false;              // more remain in the direction asked
    std::optional<Refusal> refused; // set: not a post that carries comments (BAD_REQUEST)
};

class Comments {
public:
    explicit Comments(Store &store) : m_store(store) {}

    using Done = std::function<void(StoreResult<CommentChange>)>;

    //! Subscribers (any role) comment; NotFound for a channel the caller may not read.
    void comment(qint64 callerId, qint64 channelId, qint64 postId, qint64 randomId,
                 const QString &text, qint64 now, Done done);
    //! The author, the owner and admins delete; a comment not there answers changed=false.
    void remove(qint64 callerId, qint64 channelId, qint64 postId, qint64 commentId, Done done);
    //! afterId > 0: the oldest after it; else the newest before beforeId (0: the newest).
    StoreResult<CommentsPage> page(qint64 viewerId, qint64 channelId, qint64 postId,
                                   qint64 beforeId, qint64 afterId, int limit);

    //! Sets commentCount on each post of `messages` (one key lookup per post with an id).
    static void countComments(RecordReader &records, qint64 channelId,
                              QList<protocol::Message> &messages);
    //! The same on the newMessage entries of a channel's difference.
    static void countComments(RecordReader &records, qint64 channelId,
                              QList<protocol::LoggedUpdate> &entries);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
