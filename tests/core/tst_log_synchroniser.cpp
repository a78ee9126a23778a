// The log synchroniser (core/sync/log_synchroniser.h) alone: a fake PtsLog stands in for the
// server and the store, so each rule (apply in order, wait for a gap, difference in slices,
// reload when too long, drop a stale link's answers) is proven without a socket.
#include "core/sync/log_synchroniser.h"
#include "tests/support/await.h"

#include <QSignalSpy>
#include <QTest>
#include <deque>

using namespace msgr;
namespace api = protocol::api;

namespace {

protocol::LoggedUpdate readMark(qint64 pts) {
    return {pts, protocol::ReadInboxUpdate{1, pts}};
}

protocol::UpdateFrame frame(qint64 pts) {
    return {pts, protocol::updateToCbor(readMark(pts).update)};
}

//! Answers nothing by itself: the test sees each request and answers it.
class FakeLog : public core::PtsLog {
public:
    struct DifferenceAsk {
        qint64 fromPts;
        std::function<void(const api::Reply<api::DifferenceResult> &)> done;
    };

    qint64 storedPosition = 0;
    std::deque<DifferenceAsk> differenceAsks;
    std::deque<std::function<void(std::optional<qint64>)>> reloadAsks;
    QList<QList<protocol::LoggedUpdate>> slices; // committed, in order
    QList<qint64> slicePositions;

    void loadPosition(QObject *, std::function<void(qint64)> done) override {
        done(storedPosition);
    }
    void
    fetchDifference(qint64 fromPts, QObject *,
                    std::function<void(const api::Reply<api::DifferenceResult> &)> done) override {
        differenceAsks.push_back({fromPts, std::move(done)});
    }
    void reload(QObject *, std::function<void(std::optional<qint64>)> done) override {
        reloadAsks.push_back(std::move(done));
    }
    void applySlice(const QList<protocol::LoggedUpdate> &slice, qint64 pts, QObject *context,
                    std::function<void()> done) override {
        // Committed on the next turn of the loop, as the store's worker answers.
        QMetaObject::invokeMethod(
            context,
            [this, slice, pts, done] {
                slices.append(slice);
                slicePositions.append(pts);
                done();
            },
            Qt::QueuedConnection);
    }

    QList<qint64> appliedPts() const {
        QList<qint64> all;
        for (const auto &slice : slices)
            for (const auto &u : slice)
                all.append(u.pts);
        return all;
    }
};

api::Reply<api::DifferenceResult> difference(qint64 from, qint64 to, qint64 serverPts, bool final) {
    api::DifferenceResult diff;
    for (qint64 pts = from + 1; pts <= to; ++pts)
        diff.updates.append(readMark(pts));
    diff.pts = serverPts;
    diff.final = final;
    api::Reply<api::DifferenceResult> reply;
    reply.value = diff;
    return reply;
}

api::Reply<api::DifferenceResult> tooLong() {
    api::DifferenceResult diff;
    diff.tooLong = true;
    api::Reply<api::DifferenceResult> reply;
    reply.value = diff;
    return reply;
}

void awaitAsk(FakeLog &log, const char *what) {
    test::awaitCondition([&] { return !log.differenceAsks.empty(); }, what);
}

FakeLog::DifferenceAsk takeAsk(FakeLog &log) {
    FakeLog::DifferenceAsk ask = std::move(log.differenceAsks.front());
    log.differenceAsks.pop_front();
    return ask;
}

//! A synchroniser at `position`, authorized, with its first difference answered "nothing new".
struct Online {
    FakeLog log;
    core::LogSynchroniser sync{&log};

    explicit Online(qint64 position) {
        log.storedPosition = position;
        sync.start();
        sync.onAuthorized(false);
        awaitAsk(log, "the first difference");
        takeAsk(log).done(difference(position, position, position, true));
        test::awaitCondition([&] { return sync.isUpToDate(); }, "up to date");
    }
};

} // namespace

class TstLogSynchroniser : public QObject {
    Q_OBJECT
private slots:
    void resumedLinkFetchesTheDifferenceFromTheStoredPosition() {
        FakeLog log;
        log.storedPosition = 41;
        core::LogSynchroniser sync(&log);
        sync.start();
        QVERIFY(!sync.isUpToDate());
        sync.onAuthorized(false);
        awaitAsk(log, "a difference");
        QCOMPARE(log.differenceAsks.front().fromPts, 41);
        QVERIFY(log.reloadAsks.empty());
    }

    void resumeAtTheStoredPositionAsksNothingAndAtAnotherAsksTheDifference() {
        // A channel's log (core/channels/): channels.list gave the server's pts.
        FakeLog log;
        log.storedPosition = 7;
        core::LogSynchroniser sync(&log);
        QSignalSpy synced(&sync, &core::LogSynchroniser::synced);
        sync.resumeAt(7); // before start(): replayed once the position is loaded
        sync.start();
        test::awaitCondition([&] { return sync.isUpToDate(); }, "up to date without asking");
        QCOMPARE(synced.size(), 1);
        QVERIFY(log.differenceAsks.empty());
        sync.offer(frame(8)); // live entries apply as after a difference
        test::awaitCondition([&] { return log.appliedPts() == QList<qint64>{8}; }, "8 stored");
        sync.onUnauthorized();
        sync.resumeAt(10);
        awaitAsk(log, "the difference up to the listed pts");
        QCOMPARE(log.differenceAsks.front().fromPts, 8);
    }

    void liveUpdatesInOrderAreStoredWithTheirPosition() {
        Online online(10);
        online.sync.offer(frame(11));
        online.sync.offer(frame(12));
        test::awaitCondition([&] { return online.log.appliedPts().size() == 2; },
                             "two live updates stored");
        QCOMPARE(online.log.appliedPts(), (QList<qint64>{11, 12}));
        QCOMPARE(online.log.slicePositions.last(), 12);
        QVERIFY(online.log.differenceAsks.empty());
        // A repeat is ignored.
        online.sync.offer(frame(12));
        QCOMPARE(online.sync.position(), 12);
    }

    void gapFilledInTimeNeedsNoDifference() {
        Online online(10);
        online.sync.offer(frame(12)); // 11 missing: held
        QCoreApplication::processEvents();
        QVERIFY(online.log.appliedPts().isEmpty());
        online.sync.offer(frame(11));
        test::awaitCondition([&] { return online.log.appliedPts().size() == 2; },
                             "both updates stored");
        QCOMPARE(online.log.appliedPts(), (QList<qint64>{11, 12}));
        // Wait past the gap timer's deadline: nothing is asked because nothing is missing.
        QTest::qWait(core::LogSynchroniser::kGapWaitMs * 2);
        QVERIFY(online.log.differenceAsks.empty());
    }

    void unfilledGapAsksForTheDifferenceAndLaterUpdatesWait() {
        Online online(10);
        online.sync.offer(frame(12));
        awaitAsk(online.log, "the difference after the gap wait");
        QCOMPARE(online.log.differenceAsks.front().fromPts, 10);
        QVERIFY(!online.sync.isUpToDate());
        // Arrives while the difference is in flight: held, applied after it.
        online.sync.offer(frame(14));
        takeAsk(online.log).done(difference(10, 13, 13, true));
        test::awaitCondition([&] { return online.sync.isUpToDate(); }, "the difference finished");
        test::awaitCondition([&] { return online.log.appliedPts().size() == 4; },
                             "the held update stored after the difference");
        QCOMPARE(online.log.appliedPts(), (QList<qint64>{11, 12, 13, 14}));
        QCOMPARE(online.sync.position(), 14);
    }

    void largeDifferenceIsStoredInSlicesAndFetchedUntilFinal() {
        Online online(0);
        QSignalSpy synced(&online.sync, &core::LogSynchroniser::synced);
        online.sync.startDifference();
        awaitAsk(online.log, "a difference");
        // 2.5 transactions' worth of updates, more on the server: three slices, then the next
        // page from the last one.
        constexpr int kSlice = core::LogSynchroniser::kApplySliceSize;
        constexpr int kFirst = 2 * kSlice + kSlice / 2;
        takeAsk(online.log).done(difference(0, kFirst, kFirst, false));
        awaitAsk(online.log, "the next page of the difference");
        QCOMPARE(online.log.differenceAsks.front().fromPts, kFirst);
        QCOMPARE(online.log.slices.size(), 3);
        QCOMPARE(online.log.slices[0].size(), kSlice);
        QCOMPARE(online.log.slicePositions, (QList<qint64>{kSlice, 2 * kSlice, kFirst}));
        QVERIFY(synced.isEmpty());
        takeAsk(online.log).done(difference(kFirst, kFirst + 10, kFirst + 10, true));
        QTRY_COMPARE(synced.size(), 1);
        QCOMPARE(synced.first().first().toLongLong(), kFirst + 10);
        QCOMPARE(online.log.appliedPts().size(), kFirst + 10);
    }

    void tooLongDifferenceReloadsThenContinuesFromTheReloadedPosition() {
        Online online(5);
        online.sync.startDifference();
        awaitAsk(online.log, "a difference");
        takeAsk(online.log).done(tooLong());
        test::awaitCondition([&] { return !online.log.reloadAsks.empty(); }, "a reload");
        online.log.reloadAsks.front()(90'000);
        awaitAsk(online.log, "the difference after the reload");
        QCOMPARE(online.log.differenceAsks.front().fromPts, 90'000);
    }

    void freshLogInReloadsFirst() {
        FakeLog log;
        log.storedPosition = 77; // another account's position: must not be used
        core::LogSynchroniser sync(&log);
        sync.start();
        sync.onAuthorized(true);
        test::awaitCondition([&] { return !log.reloadAsks.empty(); }, "a reload");
        QVERIFY(log.differenceAsks.empty());
        log.reloadAsks.front()(3);
        awaitAsk(log, "the difference after the reload");
        QCOMPARE(log.differenceAsks.front().fromPts, 3);
    }

    void failedReloadStallsTheLink() {
        FakeLog log;
        core::LogSynchroniser sync(&log);
        QSignalSpy stalled(&sync, &core::LogSynchroniser::stalled);
        sync.start();
        sync.onAuthorized(true);
        test::awaitCondition([&] { return !log.reloadAsks.empty(); }, "a reload");
        log.reloadAsks.front()(std::nullopt);
        QCOMPARE(stalled.size(), 1);
        QVERIFY(!sync.isUpToDate());
    }

    void answerOfALostLinkIsIgnored() {
        Online online(10);
        online.sync.startDifference();
        awaitAsk(online.log, "a difference");
        FakeLog::DifferenceAsk stale = takeAsk(online.log);
        online.sync.onUnauthorized();
        online.sync.onAuthorized(false);
        awaitAsk(online.log, "the difference of the new link");
        // The old link's answer arrives late: nothing of it is stored.
        stale.done(difference(10, 20, 20, true));
        QCoreApplication::processEvents();
        QVERIFY(online.log.appliedPts().isEmpty());
        takeAsk(online.log).done(difference(10, 12, 12, true));
        test::awaitCondition([&] { return online.sync.isUpToDate(); },
                             "the new link's difference finished");
        QCOMPARE(online.log.appliedPts(), (QList<qint64>{11, 12}));
    }

    void floodWaitIsRetriedAfterTheServersDelay() {
        Online online(10);
        online.sync.startDifference();
        awaitAsk(online.log, "a difference");
        api::Reply<api::DifferenceResult> flood;
        flood.error.code = protocol::ErrorCode::FloodWait;
        flood.error.retryAfterMs = 150;
        takeAsk(online.log).done(flood);
        QVERIFY(online.log.differenceAsks.empty());
        awaitAsk(online.log, "the retried difference");
        QCOMPARE(online.log.differenceAsks.front().fromPts, 10);
    }

    void tooManyHeldUpdatesAskForTheDifferenceAtOnce() {
        Online online(0);
        for (int i = 0; i <= core::PtsSequencer::kMaxHeld; ++i)
            online.sync.offer(frame(2 + i));         // pts 1 never comes
        QVERIFY(!online.log.differenceAsks.empty()); // asked at once, not after the gap wait
        QCOMPARE(online.log.differenceAsks.front().fromPts, 0);
    }

    void malformedUpdateAsksForTheDifference() {
        Online online(10);
        online.sync.offer({11, QCborMap{{"type", 7}}});
        QVERIFY(!online.log.differenceAsks.empty());
        QCOMPARE(online.log.differenceAsks.front().fromPts, 10);
        QVERIFY(online.log.appliedPts().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstLogSynchroniser)
#include "tst_log_synchroniser.moc"
