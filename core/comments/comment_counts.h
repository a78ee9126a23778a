#pragma once
//! The comment count of each channel post (docs/protocol.md §22) in the local database
//! (post_comment_counts, client schema 25): what the chat view shows under a post ("N
//! comments"). Written from every answer that carries a post (channels.history, the channel's
//! getDifference, a reload) and from the live postComments push; a missed push is repaired by
//! the next fetch of the post, as §22.1 intends. Only subscribed channels' posts are kept (as
//! their posts are). A count that moved notes the channel's chat changed, so the open chat
//! view reads its counts again.
//!
//! Storage thread only (inside a job).
#include "protocol/objects.h"
#include "protocol/updates.h"
#include "storage/transaction.h"

#include <QHash>

namespace msgr::core {

struct CommentCounts {
    //! The posts' counts as the answer carried them (absent: 0, the row goes).
    static void storePosts(storage::WriteTransaction &tx, qint64 channelId,
                           const QList<protocol::Message> &posts);
    //! The counts of the posts among a channel log's entries.
    static void storeEntries(storage::WriteTransaction &tx, qint64 channelId,
                             const QList<protocol::LoggedUpdate> &entries);
    //! One post's count (a push or an answer about its thread); nothing for a channel the user
    //! is not subscribed to. True when the stored value moved.
    static bool set(storage::WriteTransaction &tx, qint64 channelId, qint64 postId, qint64 count);
    //! post id -> count, for the posts of `channelId` that have comments.
    static QHash<qint64, qint64> load(storage::ReadTransaction &tx, qint64 channelId);
    //! One post's count (0: none stored).
    static qint64 count(storage::ReadTransaction &tx, qint64 channelId, qint64 postId);
};

} // namespace msgr::core
