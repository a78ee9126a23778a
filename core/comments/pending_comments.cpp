#include "core/comments/pending_comments.h"

#include "storage/sql_statement.h"

namespace msgr::core {

namespace {
PendingComment pendingCommentFrom(const storage::sql::Statement &row) {
    return PendingComment{row.int64(0), row.int64(1), row.int64(2),
                          row.text(3),  row.int64(4), row.int64(5) != 0};
}
} // namespace

void PendingComments::keep(storage::WriteTransaction &tx, const PendingComment &c) {
    // A row of the same random id (a retry) keeps its date, and waits again.
    tx.must(tx.db()
                .cached("INSERT OR IGNORE INTO comment_outbox(random_id, chat_id, post_id, text, "
                        "date, failed) VALUES (?1, ?2, ?3, ?4, ?5, 0)")
                .bind(1, c.randomId)
                .bind(2, c.channelId)
                .bind(3, c.postId)
                .bind(4, c.text)
                .bind(5, c.date)
                .run(),
            "keep pending comment");
    tx.must(tx.db()
                .cached("UPDATE comment_outbox SET failed = 0 WHERE random_id = ?1")
                .bind(1, c.randomId)
                .run(),
            "pending comment waits again");
}

void PendingComments::setFailed(storage::WriteTransaction &tx, qint64 randomId) {
    tx.must(tx.db()
                .cached("UPDATE comment_outbox SET failed = 1 WHERE random_id = ?1")
                .bind(1, randomId)
                .run(),
            "mark pending comment failed");
}

void PendingComments::remove(storage::WriteTransaction &tx, qint64 randomId) {
    tx.must(
        tx.db().cached("DELETE FROM comment_outbox WHERE random_id = ?1").bind(1, randomId).run(),
        "forget pending comment");
}

QList<PendingComment> PendingComments::ofPost(storage::ReadTransaction &tx, qint64 channelId,
                                              qint64 postId) {
    QList<PendingComment> out;
    auto &stmt =
        tx.db().cached("SELECT random_id, chat_id, post_id, text, date, failed FROM "
                       "comment_outbox WHERE chat_id = ?1 AND post_id = ?2 ORDER BY date, rowid");
    stmt.bind(1, channelId).bind(2, postId);
    while (stmt.next())
        out.append(pendingCommentFrom(stmt));
    stmt.reset();
    return out;
}

QList<PendingComment> PendingComments::waiting(storage::ReadTransaction &tx) {
    QList<PendingComment> out;
    auto &stmt = tx.db().cached("SELECT random_id, chat_id, post_id, text, date, failed FROM "
                                "comment_outbox WHERE failed = 0 ORDER BY date, rowid LIMIT ?1");
    stmt.bind(1, qint64(kMaxResend));
    while (stmt.next())
        out.append(pendingCommentFrom(stmt));
    stmt.reset();
    return out;
}

} // namespace msgr::core
