#pragma once
//! The comments the user wrote that the server has not confirmed yet, in the local (encrypted)
//! database (comment_outbox, client migration 31): a comment written offline survives a
//! restart and is sent once when online, with the random id it was written with (the server
//! answers a repeat with the comment it stored, docs/protocol.md §22). A row goes when the
//! server's answer is stored (CommentService) or the user drops it; a refused one stays,
//! marked failed, until the user retries (failed cleared) or drops it.
//!
//! Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QList>
#include <QString>

namespace msgr::core {

struct PendingComment {
    qint64 randomId = 0;
    qint64 channelId = 0;
    qint64 postId = 0;
    QString text;
    qint64 date = 0; // ms since the epoch, when written
    bool failed = false;
};

struct PendingComments {
    //! At most this many rows are read at once for resending (the rest on the next connect).
    static constexpr int kMaxResend = 500;

    //! Keeps `comment` as waiting (not failed); a row of the same random id keeps its date.
    static void keep(storage::WriteTransaction &tx, const PendingComment &comment);
    static void setFailed(storage::WriteTransaction &tx, qint64 randomId);
    static void remove(storage::WriteTransaction &tx, qint64 randomId);
    //! The post's pending comments, in the order written.
    static QList<PendingComment> ofPost(storage::ReadTransaction &tx, qint64 channelId,
                                        qint64 postId);
    //! Those waiting to be sent (not failed), oldest first, at most kMaxResend.
    static QList<PendingComment> waiting(storage::ReadTransaction &tx);
};

} // namespace msgr::core
