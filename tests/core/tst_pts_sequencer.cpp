// The pts rule for live updates (core/sync/pts_sequencer.h) alone: pure logic, no server, no
// store, no timers.
#include "core/sync/pts_sequencer.h"

#include <QTest>

using namespace msgr;

class TstPtsSequencer : public QObject {
    Q_OBJECT
private slots:
    void sequencerAppliesInOrderAndHoldsGaps() {
        core::PtsSequencer seq;
        seq.setLocalPts(10);
        auto upd = [](qint64 pts) {
            return protocol::LoggedUpdate{pts, protocol::ReadInboxUpdate{1, pts}};
        };
        QCOMPARE(seq.offer(upd(10)), core::PtsSequencer::Outcome::Ignored);
        QCOMPARE(seq.offer(upd(12)), core::PtsSequencer::Outcome::Gap);
        QCOMPARE(seq.offer(upd(13)), core::PtsSequencer::Outcome::Gap);
        QCOMPARE(seq.offer(upd(11)), core::PtsSequencer::Outcome::Apply);
        const auto ready = seq.takeReady();
        QCOMPARE(ready.size(), 3);
        QCOMPARE(ready.first().pts, 11);
        QCOMPARE(ready.last().pts, 13);
        QCOMPARE(seq.localPts(), 13);
        QCOMPARE(seq.offer(upd(12)), core::PtsSequencer::Outcome::Ignored);
        // A difference that covers held updates drops them.
        QCOMPARE(seq.offer(upd(15)), core::PtsSequencer::Outcome::Gap);
        seq.setLocalPts(20);
        QVERIFY(!seq.hasGap());
    }

    void tooManyHeldUpdatesOverflow() {
        core::PtsSequencer seq;
        seq.setLocalPts(0);
        auto upd = [](qint64 pts) {
            return protocol::LoggedUpdate{pts, protocol::ReadInboxUpdate{1, pts}};
        };
        for (int i = 0; i < core::PtsSequencer::kMaxHeld; ++i)
            QCOMPARE(seq.offer(upd(2 + i)), core::PtsSequencer::Outcome::Gap);
        QCOMPARE(seq.offer(upd(2 + core::PtsSequencer::kMaxHeld)),
                 core::PtsSequencer::Outcome::Overflow);
        QVERIFY(seq.hasGap());
        seq.clearHeld();
        QVERIFY(!seq.hasGap());
        QVERIFY(seq.takeReady().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstPtsSequencer)
#include "tst_pts_sequencer.moc"
