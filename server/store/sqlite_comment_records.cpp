// The post comment records of store.h (docs/protocol.md §22, schema 18; retired randomIds: 20): the
// comments table and each commented post's thread row (count, newest comment). Records only; who
// may comment or delete, and what is pushed, are server/domain/comments.*.
#include "server/store/sqlite_records.h"

namespace msgr::server::sqlite {

namespace {

constexpr const char *kCommentColumns =
    "SELECT id, channel_id, post_id, sender_id, random_id, date, text FROM channel_comments ";

QByteArray commentQuery(const char *tail) {
    return QByteArray(kCommentColumns) + tail;
}

ChannelCommentRecord commentFromRow(const Statement &row) {
    return ChannelCommentRecord{row.int64(0), row.int64(1), row.int64(2), row.int64(3),
                                row.int64(4), row.int64(5), row.text(6)};
}

QList<ChannelCommentRecord> commentRows(Statement &s) {
    QList<ChannelCommentRecord> rows;
    while (s.step())
        rows.append(commentFromRow(s));
    return rows;
}

} // namespace

std::optional<ChannelCommentRecord> Records::channelComment(qint64 commentId) {
    static const QByteArray sql = commentQuery("WHERE id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, commentId);
    if (!s.step())
        return std::nullopt;
    return commentFromRow(s);
}

std::optional<ChannelCommentRecord> Records::channelCommentBySender(qint64 senderId,
                                                                    qint64 randomId) {
    static const QByteArray sql = commentQuery("WHERE sender_id = ? AND random_id = ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, senderId).bind(2, randomId);
    if (!s.step())
        return std::nullopt;
    return commentFromRow(s);
}

bool Records::channelCommentRandomIdRetired(qint64 senderId, qint64 randomId) {
    Statement s = m_db.prepare("SELECT 1 FROM channel_comment_retired_ids WHERE sender_id = ? AND "
                               "random_id = ?");
    s.bind(1, senderId).bind(2, randomId);
    return s.step();
}

QList<ChannelCommentRecord> Records::channelCommentsBefore(qint64 channelId, qint64 postId,
                                                           qint64 beforeId, int limit) {
    static const QByteArray sql =
        commentQuery("WHERE channel_id = ? AND post_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, channelId).bind(2, postId).bind(3, beforeId).bind(4, qint64(limit));
    return commentRows(s);
}

QList<ChannelCommentRecord> Records::channelCommentsAfter(qint64 channelId, qint64 postId,
                                                          qint64 afterId, int limit) {
    static const QByteArray sql =
        commentQuery("WHERE channel_id = ? AND post_id = ? AND id > ? ORDER BY id LIMIT ?");
    Statement s = m_db.prepare(sql.constData());
    s.bind(1, channelId).bind(2, postId).bind(3, afterId).bind(4, qint64(limit));
    return commentRows(s);
}

PostThreadRecord Records::postThread(qint64 channelId, qint64 postId) {
    Statement s = m_db.prepare("SELECT comment_count, last_comment_id FROM channel_post_threads "
                               "WHERE channel_id = ? AND post_id = ?");
    s.bind(1, channelId).bind(2, postId);
    if (!s.step())
        return {};
    return PostThreadRecord{s.int64(0), s.int64(1)};
}

// ---- writes

qint64 Records::insertChannelComment(const ChannelCommentRecord &comment) {
    Connection &db = writing().db;
    db.prepare("INSERT INTO channel_comments (channel_id, post_id, sender_id, random_id, date, "
               "text) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, comment.channelId)
        .bind(2, comment.postId)
        .bind(3, comment.senderId)
        .bind(4, comment.randomId)
        .bind(5, comment.date)
        .bind(6, comment.text)
        .run();
    const qint64 id = db.lastInsertId();
    db.prepare("INSERT INTO channel_post_threads (channel_id, post_id, comment_count, "
               "last_comment_id) VALUES (?, ?, 1, ?) ON CONFLICT (channel_id, post_id) DO UPDATE "
               "SET comment_count = comment_count + 1, last_comment_id = excluded.last_comment_id")
        .bind(1, comment.channelId)
        .bind(2, comment.postId)
        .bind(3, id)
        .run();
    return id;
}

bool Records::deleteChannelComment(qint64 commentId) {
    const std::optional<ChannelCommentRecord> comment = channelComment(commentId);
    if (!comment)
        return false;
    Connection &db = writing().db;
    db.prepare("DELETE FROM channel_comments WHERE id = ?").bind(1, commentId).run();
    db.prepare("INSERT OR IGNORE INTO channel_comment_retired_ids (sender_id, random_id) VALUES "
               "(?, ?)")
        .bind(1, comment->senderId)
        .bind(2, comment->randomId)
        .run();
    // The newest remaining comment is one step down the (channel, post, id) index.
    db.prepare("UPDATE channel_post_threads SET comment_count = comment_count - 1, "
               "last_comment_id = coalesce((SELECT max(id) FROM channel_comments WHERE "
               "channel_id = ?1 AND post_id = ?2), 0) WHERE channel_id = ?1 AND post_id = ?2")
        .bind(1, comment->channelId)
        .bind(2, comment->postId)
        .run();
    return true;
}

} // namespace msgr::server::sqlite
