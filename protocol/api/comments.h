#pragma once
//! Comments on channel posts (docs/protocol.md §22; Telegram's discussion threads, within our
//! model): a thread under each post of a channel, which the channel's subscribers write to and
//! everyone who may read the channel reads. A comment is one row and the post's count one more
//! (a constant cost, whatever the number of subscribers); comments are never in the channel's
//! log. Plain values, thread-safe.
//!
//! Who may do what (the server refuses the rest):
//!   read a thread (channels.comments) ..... whoever may read the channel (§15.1)
//!   comment (channels.comment) ............ subscribers of the channel, any role
//!   delete (channels.deleteComment) ....... the comment's author, the owner and admins
#include "protocol/api/reply.h"
#include "protocol/limits.h"

#include <QCborMap>
#include <QCborValue>
#include <QLatin1StringView>
#include <QList>
#include <optional>

namespace msgr::protocol::api {

// The bounds of docs/protocol.md §22.
inline constexpr int kMaxCommentChars = kMaxTextChars; // 4096, as a post
inline constexpr int kMaxCommentsPage = 100;           // comments of one channels.comments page
inline constexpr int kDefaultCommentsPage = 50;

//! One comment under a channel post.
struct Comment {
    qint64 id = 0; // ≥ 1, ascending in the order comments were written (all channels share it)
    qint64 channelId = 0;
    qint64 postId = 0; // the post's message id
    qint64 senderId = 0;
    qint64 date = 0;     // ms since the epoch, server clock
    QString text;        // 1..kMaxCommentChars
    qint64 randomId = 0; // only in the author's own answer to channels.comment; 0 elsewhere

    QCborMap toCbor() const;
    static std::optional<Comment> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Comment &, const Comment &) = default;
};

//! channels.comment's answer: the comment (with randomId) and the post's count after it.
struct CommentResult {
    Comment comment;
    qint64 commentCount = 0;
    bool duplicate = false; // a resend of a randomId: the stored comment, nothing written

    QCborMap toCbor() const;
    static std::optional<CommentResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const CommentResult &, const CommentResult &) = default;
};

//! channels.comments' answer: a page ascending by id, and the post's current count.
struct CommentsResult {
    QList<Comment> comments;
    qint64 commentCount = 0;
    bool final = true; // false: more remain in the direction asked (or the page was cut)

    QCborMap toCbor() const;
    static std::optional<CommentsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const CommentsResult &, const CommentsResult &) = default;
};

//! channels.deleteComment's answer.
struct DeleteCommentResult {
    qint64 commentCount = 0; // the post's count after the call
    bool deleted = false;    // false: there was no such comment (a retry): nothing changed

    QCborMap toCbor() const;
    static std::optional<DeleteCommentResult> fromCbor(const QCborMap &map,
                                                       QString *error = nullptr);
    friend bool operator==(const DeleteCommentResult &, const DeleteCommentResult &) = default;
};

//! Writes a comment under a post; a resend with the same randomId answers the stored comment.
struct CommentOnPost {
    using Result = CommentResult;
    static constexpr QLatin1StringView method{"channels.comment"};
    qint64 channelId = 0; // ≥ 1
    qint64 postId = 0;    // ≥ 1
    qint64 randomId = 0;  // ≠ 0
    QString text;         // 1..kMaxCommentChars, not only blanks

    QCborMap toCbor() const;
    static Decoded<CommentOnPost> decode(const QCborValue &args);
    friend bool operator==(const CommentOnPost &, const CommentOnPost &) = default;
};

//! A page of a post's comments: with afterId, the oldest ones after it (catching up an open
//! thread); else the newest ones before beforeId (0: the newest). Both non-zero: BAD_REQUEST.
struct GetComments {
    using Result = CommentsResult;
    static constexpr QLatin1StringView method{"channels.comments"};
    qint64 channelId = 0;             // ≥ 1
    qint64 postId = 0;                // ≥ 1
    qint64 beforeId = 0;              // ≥ 0
    qint64 afterId = 0;               // ≥ 0
    int limit = kDefaultCommentsPage; // 1..kMaxCommentsPage

    QCborMap toCbor() const;
    static Decoded<GetComments> decode(const QCborValue &args);
    friend bool operator==(const GetComments &, const GetComments &) = default;
};

//! Deletes a comment (its author, the channel's owner and admins).
struct DeleteComment {
    using Result = DeleteCommentResult;
    static constexpr QLatin1StringView method{"channels.deleteComment"};
    qint64 channelId = 0; // ≥ 1
    qint64 postId = 0;    // ≥ 1
    qint64 commentId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<DeleteComment> decode(const QCborValue &args);
    friend bool operator==(const DeleteComment &, const DeleteComment &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! The live push of a post's comment count changing: the `u` of an `upd` frame WITHOUT a
//! `pts`, sent to the channel's topic (open connections of its subscribers) and never logged:
//! {type: "postComments", channelId, postId, commentCount, lastCommentId}. A reader updates the
//! post's count; an open thread fetches channels.comments(afterId) when lastCommentId is past
//! what it shows. A missed push costs nothing: every post a reader fetches carries its count.
struct PostCommentsPush {
    static constexpr QLatin1StringView type{"postComments"};
    qint64 channelId = 0;
    qint64 postId = 0;
    qint64 commentCount = 0;
    qint64 lastCommentId = 0; // the newest comment still there (0: none)

    QCborMap toCbor() const;
    static std::optional<PostCommentsPush> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const PostCommentsPush &, const PostCommentsPush &) = default;
};

} // namespace msgr::protocol
