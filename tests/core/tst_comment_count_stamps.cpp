// Which carrier of a post's comment count wins (core/comments/comment_count_stamps.h): a live
// push received after a request was sent beats that request's answer, even when the answer
// arrives later (the server read its counts before the comment committed); a push received
// before the request does not; other posts of the answer keep their counts; past the tracking
// bound every older request loses, never a newer one.
#include "core/comments/comment_count_stamps.h"

#include <QTest>

using namespace msgr;
using core::CommentCountStamps;

namespace {
protocol::Message post(qint64 channelId, qint64 id, qint64 comments) {
    protocol::Message m;
    m.chatId = channelId;
    m.id = id;
    m.commentCount = comments;
    return m;
}
} // namespace

class TstCommentCountStamps : public QObject {
    Q_OBJECT
private slots:
    void aPushAfterTheRequestBeatsItsAnswer() {
        CommentCountStamps stamps;
        const auto asked = stamps.asked(); // channels.history sent: its answer will say 3
        stamps.pushed(10, 7);              // then a comment's push says 4
        QCOMPARE(stamps.countFromAnswer(10, 7, 3, asked), -1); // the push's 4 stays
        QCOMPARE(stamps.countFromAnswer(10, 8, 2, asked), 2);  // another post: the answer's
        QCOMPARE(stamps.countFromAnswer(11, 7, 5, asked), 5);  // another channel too
        // A request sent after the push is newer than it: its answer counts.
        const auto later = stamps.asked();
        QCOMPARE(stamps.countFromAnswer(10, 7, 4, later), 4);
    }

    void aPushBeforeTheRequestLosesToTheAnswer() {
        CommentCountStamps stamps;
        stamps.pushed(10, 7);
        const auto asked = stamps.asked();
        QList<protocol::Message> page{post(10, 7, 6), post(10, 9, 1)};
        stamps.dropOvertaken(page, asked);
        QCOMPARE(page.at(0).commentCount, 6);
        QCOMPARE(page.at(1).commentCount, 1);
    }

    void aDifferencesPostsAreJudgedAlike() {
        CommentCountStamps stamps;
        const auto asked = stamps.asked();
        stamps.pushed(10, 7);
        QList<protocol::LoggedUpdate> entries{{5, protocol::NewMessageUpdate{post(10, 7, 3)}},
                                              {6, protocol::NewMessageUpdate{post(10, 8, 2)}}};
        stamps.dropOvertaken(10, entries, asked);
        QCOMPARE(std::get<protocol::NewMessageUpdate>(entries.at(0).update).message.commentCount,
                 -1);
        QCOMPARE(std::get<protocol::NewMessageUpdate>(entries.at(1).update).message.commentCount,
                 2);
    }

    void pastTheBoundOlderRequestsLoseEverywhere() {
        CommentCountStamps stamps;
        const auto old = stamps.asked();
        for (qint64 i = 1; i <= CommentCountStamps::kMaxTracked + 1; ++i)
            stamps.pushed(10, 1000 + i); // the table is emptied once, at the bound
        QCOMPARE(stamps.countFromAnswer(99, 1, 3, old), -1); // never pushed, but forgotten
        const auto fresh = stamps.asked();
        QCOMPARE(stamps.countFromAnswer(99, 1, 3, fresh), 3);
    }
};

QTEST_GUILESS_MAIN(TstCommentCountStamps)
#include "tst_comment_count_stamps.moc"
