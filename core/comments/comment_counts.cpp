#include "core/comments/comment_counts.h"

namespace msgr::core {

namespace {
bool isSubscribed(storage::ReadTransaction &tx, qint64 channelId) {
    auto &stmt = tx.db().cached("SELECT 1 FROM channels WHERE chat_id = ?1");
    stmt.bind(1, channelId);
    const bool found = stmt.next();
    stmt.reset();
    return found;
}

//! Writes without the subscription check (the caller made it once for a whole page).
bool setRow(storage::WriteTransaction &tx, qint64 channelId, qint64 postId, qint64 count) {
    if (count < 0 || postId <= 0)
        return false;
    if (CommentCounts::count(tx, channelId, postId) == count)
        return false; // the same again: no row changes, nothing to repaint
    if (count == 0)
        tx.must(tx.db()
                    .cached("DELETE FROM post_comment_counts WHERE chat_id = ?1 AND "
                            "message_id = ?2")
                    .bind(1, channelId)
                    .bind(2, postId)
                    .run(),
                "forget comment count");
    else
        tx.must(tx.db()
                    .cached("INSERT OR REPLACE INTO post_comment_counts(chat_id, message_id, "
                            "comment_count) VALUES (?1, ?2, ?3)")
                    .bind(1, channelId)
                    .bind(2, postId)
                    .bind(3, count)
                    .run(),
                "store comment count");
    tx.noteChatChanged(channelId);
    return true;
}
} // namespace

void CommentCounts::storePosts(storage::WriteTransaction &tx, qint64 channelId,
                               const QList<protocol::Message> &posts) {
    if (posts.isEmpty() || !isSubscribed(tx, channelId))
        return;
    for (const protocol::Message &post : posts)
        if (post.chatId == channelId)
            setRow(tx, channelId, post.id, post.commentCount);
}

void CommentCounts::storeEntries(storage::WriteTransaction &tx, qint64 channelId,
                                 const QList<protocol::LoggedUpdate> &entries) {
    QList<protocol::Message> posts;
    for (const protocol::LoggedUpdate &entry : entries)
        if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&entry.update))
            posts.append(m->message);
    storePosts(tx, channelId, posts);
}

bool CommentCounts::set(storage::WriteTransaction &tx, qint64 channelId, qint64 postId,
                        qint64 count) {
    return isSubscribed(tx, channelId) && setRow(tx, channelId, postId, count);
}

QHash<qint64, qint64> CommentCounts::load(storage::ReadTransaction &tx, qint64 channelId) {
    QHash<qint64, qint64> counts;
    auto &stmt = tx.db().cached(
        "SELECT message_id, comment_count FROM post_comment_counts WHERE chat_id = ?1");
    stmt.bind(1, channelId);
    while (stmt.next())
        counts.insert(stmt.int64(0), stmt.int64(1));
    return counts;
}

qint64 CommentCounts::count(storage::ReadTransaction &tx, qint64 channelId, qint64 postId) {
    auto &stmt = tx.db().cached("SELECT comment_count FROM post_comment_counts WHERE chat_id = "
                                "?1 AND message_id = ?2");
    stmt.bind(1, channelId).bind(2, postId);
    const qint64 value = stmt.next() ? stmt.int64(0) : 0;
    stmt.reset();
    return value;
}

} // namespace msgr::core
