#pragma once
//! Which of two carriers of a post's comment count is newer (docs/protocol.md §22.1): a live
//! postComments push, or an answer carrying the post (channels.history, getDifference, a
//! comment's own answer). The server may read an answer's counts before a comment commits and
//! send it after that comment's push, so the answer is older though it arrives later. A push
//! received after the request was sent therefore wins: the answer's count for that post is
//! dropped (-1, which CommentCounts leaves alone) and the push's stays stored.
//!
//! A logical clock, not wall time: every request carrying counts takes a stamp when it is
//! sent, every push notes the next stamp on its post. At most kMaxTracked posts are tracked;
//! past that the table is emptied and every request sent before then counts as overtaken on
//! every post (its counts are dropped; the next fetch repairs them).
//!
//! Thread affinity: the network thread (pushes and answers both arrive there); not thread-safe.
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QHash>
#include <QPair>

namespace msgr::core {

class CommentCountStamps {
public:
    using Stamp = quint64;
    static constexpr qsizetype kMaxTracked = 4096;

    //! Taken when a request whose answer carries counts is sent.
    Stamp asked() { return ++m_clock; }
    //! A push's count for the post arrived.
    void pushed(qint64 channelId, qint64 postId);
    //! True when a push for the post arrived after the request stamped `asked` was sent.
    bool overtaken(qint64 channelId, qint64 postId, Stamp asked) const;
    //! The answer's count of `postId`, or -1 when a later push already told a newer one.
    qint64 countFromAnswer(qint64 channelId, qint64 postId, qint64 count, Stamp asked) const;
    //! Marks the counts of overtaken posts unknown (-1) among an answer's posts / log entries.
    void dropOvertaken(QList<protocol::Message> &posts, Stamp asked) const;
    void dropOvertaken(qint64 channelId, QList<protocol::LoggedUpdate> &entries, Stamp asked) const;

private:
    Stamp m_clock = 0;
    Stamp m_floor = 0; // requests stamped at or below it are overtaken everywhere
    QHash<QPair<qint64, qint64>, Stamp> m_pushed;
};

} // namespace msgr::core
