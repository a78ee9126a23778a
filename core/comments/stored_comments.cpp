#include "core/comments/stored_comments.h"

#include <QSet>

namespace msgr::core {

namespace api = protocol::api;

void StoredComments::storePage(storage::WriteTransaction &tx, qint64 channelId, qint64 postId,
                               const QList<api::Comment> &comments,
                               std::optional<qint64> truthFrom) {
    if (truthFrom) {
        QSet<qint64> present;
        for (const api::Comment &c : comments)
            present.insert(c.id);
        auto &gone = tx.db().cached("SELECT comment_id FROM post_comments WHERE chat_id = ?1 AND "
                                    "post_id = ?2 AND comment_id >= ?3");
        gone.bind(1, channelId).bind(2, postId).bind(3, *truthFrom);
        QList<qint64> missing;
        while (gone.next())
            if (!present.contains(gone.int64(0)))
                missing.append(gone.int64(0));
        gone.reset();
        for (const qint64 id : std::as_const(missing))
            remove(tx, channelId, postId, id);
    }
    for (const api::Comment &c : comments) {
        if (c.channelId != channelId || c.postId != postId || c.id <= 0)
            continue;
        tx.must(tx.db()
                    .cached("INSERT OR REPLACE INTO post_comments(chat_id, post_id, comment_id, "
                            "sender_id, date, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .bind(1, channelId)
                    .bind(2, postId)
                    .bind(3, c.id)
                    .bind(4, c.senderId)
                    .bind(5, c.date)
                    .bind(6, c.text)
                    .run(),
                "store comment");
    }
    // The bound: the newest kMaxPerPost stay.
    tx.must(tx.db()
                .cached("DELETE FROM post_comments WHERE chat_id = ?1 AND post_id = ?2 AND "
                        "comment_id < (SELECT comment_id FROM post_comments WHERE chat_id = ?1 "
                        "AND post_id = ?2 ORDER BY comment_id DESC LIMIT 1 OFFSET ?3)")
                .bind(1, channelId)
                .bind(2, postId)
                .bind(3, qint64(kMaxPerPost - 1))
                .run(),
            "trim stored comments");
}

void StoredComments::remove(storage::WriteTransaction &tx, qint64 channelId, qint64 postId,
                            qint64 commentId) {
    tx.must(tx.db()
                .cached("DELETE FROM post_comments WHERE chat_id = ?1 AND post_id = ?2 AND "
                        "comment_id = ?3")
                .bind(1, channelId)
                .bind(2, postId)
                .bind(3, commentId)
                .run(),
            "forget comment");
}

QList<api::Comment> StoredComments::load(storage::ReadTransaction &tx, qint64 channelId,
                                         qint64 postId) {
    QList<api::Comment> out;
    auto &stmt = tx.db().cached("SELECT comment_id, sender_id, date, text FROM post_comments "
                                "WHERE chat_id = ?1 AND post_id = ?2 ORDER BY comment_id");
    stmt.bind(1, channelId).bind(2, postId);
    while (stmt.next())
        out.append(api::Comment{stmt.int64(0), channelId, postId, stmt.int64(1), stmt.int64(2),
                                stmt.text(3), 0});
    stmt.reset();
    return out;
}

} // namespace msgr::core
