#pragma once
//! The comments of threads the user opened, in the local (encrypted) database (post_comments,
//! client schema 29): a thread opened once shows offline and after a restart, and online only
//! catches up (docs/protocol.md §22.1). Written from every answer that carries comments (a
//! page, the user's own comment), and a deletion's answer removes its row; the newest page is
//! the truth for its span, so stored rows in that span it lacks were deleted meanwhile. At most
//! kMaxPerPost comments are kept per post, the newest; older ones page in from the server.
//!
//! Storage thread only (inside a job).
#include "protocol/api/comments.h"
#include "storage/transaction.h"

#include <optional>

namespace msgr::core {

struct StoredComments {
    static constexpr int kMaxPerPost = 1000;

    //! Stores `comments` of the post. `truthFrom` set: they are the newest page, and stored
    //! comments with id ≥ *truthFrom that it lacks are gone (0: the whole thread).
    static void storePage(storage::WriteTransaction &tx, qint64 channelId, qint64 postId,
                          const QList<protocol::api::Comment> &comments,
                          std::optional<qint64> truthFrom);
    static void remove(storage::WriteTransaction &tx, qint64 channelId, qint64 postId,
                       qint64 commentId);
    //! The post's stored comments, ascending by id (at most kMaxPerPost).
    static QList<protocol::api::Comment> load(storage::ReadTransaction &tx, qint64 channelId,
                                              qint64 postId);
};

} // namespace msgr::core
