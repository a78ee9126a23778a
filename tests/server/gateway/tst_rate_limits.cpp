// The request bucket of a connection, the failed-log-in throttle, the sign-up buckets and the
// hash queue's share per address, on a clock the test moves.
#include "protocol/limits.h"
#include "server/login_throttle.h"
#include "server/rate_limiter.h"

#include <QTest>

#include <algorithm>

using namespace msgr::server;
using namespace msgr;

class TstRateLimits : public QObject {
    Q_OBJECT
private slots:
    void burstIsAllowedThenRefusedWithRetryTime() {
        TokenBucket bucket(protocol::kRequestBurst, protocol::kRequestsPerSecond, 0);
        qint64 retry = -1;
        for (int i = 0; i < protocol::kRequestBurst; ++i)
            QVERIFY2(bucket.tryTake(0, &retry), qPrintable(QString::number(i)));
        QVERIFY(!bucket.tryTake(0, &retry));
        QCOMPARE(retry, 1000 / protocol::kRequestsPerSecond); // one token every 20 ms
    }

    void bucketRefillsAtTheAdvertisedRate() {
        TokenBucket bucket(protocol::kRequestBurst, protocol::kRequestsPerSecond, 0);
        qint64 retry = 0;
        for (int i = 0; i < protocol::kRequestBurst; ++i)
            bucket.tryTake(0, &retry);
        QVERIFY(!bucket.tryTake(10, &retry));
        QCOMPARE(retry, 10);
        QVERIFY(bucket.tryTake(20, &retry));
        QVERIFY(!bucket.tryTake(20, &retry));
        // One second later: 50 more requests, not 51.
        int allowed = 0;
        while (bucket.tryTake(1020, &retry))
            ++allowed;
        QCOMPARE(allowed, protocol::kRequestsPerSecond);
    }

    void bucketNeverHoldsMoreThanItsBurst() {
        TokenBucket bucket(protocol::kRequestBurst, protocol::kRequestsPerSecond, 0);
        qint64 retry = 0;
        int allowed = 0;
        while (bucket.tryTake(3'600'000, &retry))
            ++allowed;
        QCOMPARE(allowed, protocol::kRequestBurst);
    }

    void delaysGrowAfterTheFreeFailuresUpToTheCap() {
        qint64 now = 1000;
        LoginThrottle throttle({}, [&now] { return now; });
        const QString alice = QStringLiteral("alice");
        const QString home = QStringLiteral("198.51.100.7");
        const LoginThrottleLimits limits;
        QList<qint64> waits;
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(throttle.retryAfterMs(alice, home), 0);
            throttle.recordFailure(alice, home);
            const qint64 wait = throttle.retryAfterMs(alice, home);
            waits.append(wait);
            now += wait; // the guesser waits exactly as told
        }
        // Four failures cost nothing; the fifth makes the next attempt wait 1 s, then 2 s, ...
        QCOMPARE(limits.perAccountAddress.failuresBeforeDelay, 5);
        QCOMPARE(waits.mid(0, 9), (QList<qint64>{0, 0, 0, 0, 1000, 2000, 4000, 8000, 16000}));
        QCOMPARE(waits.last(), limits.perAccountAddress.maxDelayMs); // doubling stops at the cap
        QVERIFY(std::is_sorted(waits.begin(), waits.end()));
    }

    void aGuesserElsewhereNeverSlowsTheOwner() {
        qint64 now = 0;
        LoginThrottle throttle({}, [&now] { return now; });
        const QString alice = QStringLiteral("alice");
        const QString attacker = QStringLiteral("203.0.113.66");
        const QString owner = QStringLiteral("198.51.100.7");
        for (int i = 0; i < 40; ++i) {
            now += throttle.retryAfterMs(alice, attacker);
            throttle.recordFailure(alice, attacker);
        }
        QVERIFY(throttle.retryAfterMs(alice, attacker) > 60'000);
        // The old rule (5 failures anywhere lock the account) locked her out here.
        QCOMPARE(throttle.retryAfterMs(alice, owner), 0);
        // Her own typo from home is one of her own free failures.
        throttle.recordFailure(alice, owner);
        QCOMPARE(throttle.retryAfterMs(alice, owner), 0);
    }

    void oneAddressSprayingManyAccountsIsSlowedForAll() {
        qint64 now = 0;
        LoginThrottle throttle({}, [&now] { return now; });
        const QString attacker = QStringLiteral("203.0.113.66");
        const int free = LoginThrottleLimits().perAddress.failuresBeforeDelay - 1;
        for (int i = 0; i < free; ++i) {
            QCOMPARE(throttle.retryAfterMs(QStringLiteral("user%1").arg(i), attacker), 0);
            throttle.recordFailure(QStringLiteral("user%1").arg(i), attacker);
        }
        // Each account saw one failure only; the address has seen them all.
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("fresh"), attacker), 0);
        throttle.recordFailure(QStringLiteral("fresh"), attacker);
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("another"), attacker), 1000);
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("another"), QStringLiteral("192.0.2.2")), 0);
        // A success on an account of the attacker's own does not wipe the address's record.
        throttle.recordSuccess(QStringLiteral("mine"), attacker);
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("another"), attacker), 1000);
    }

    void successFromTheAddressStartsItsCountAgain() {
        qint64 now = 0;
        LoginThrottle throttle({}, [&now] { return now; });
        const QString carol = QStringLiteral("carol");
        const QString phone = QStringLiteral("2001:db8::5");
        for (int i = 0; i < 6; ++i)
            throttle.recordFailure(carol, phone);
        QCOMPARE(throttle.retryAfterMs(carol, phone), 2000);
        now += 2000;
        throttle.recordSuccess(carol, phone);
        for (int i = 0; i < 4; ++i)
            throttle.recordFailure(carol, phone);
        QCOMPARE(throttle.retryAfterMs(carol, phone), 0);
    }

    void quietCountersAreForgotten() {
        qint64 now = 0;
        LoginThrottle throttle({}, [&now] { return now; });
        const BackoffPolicy policy = LoginThrottleLimits().perAccountAddress;
        for (int i = 0; i < policy.failuresBeforeDelay - 1; ++i)
            throttle.recordFailure(QStringLiteral("dave"), QStringLiteral("a"));
        now += policy.forgetAfterMs;
        // Counted from zero again: without forgetting, this fifth failure would delay.
        throttle.recordFailure(QStringLiteral("dave"), QStringLiteral("a"));
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("dave"), QStringLiteral("a")), 0);
    }

    void throttleMemoryStaysBoundedUnderADistributedFlood() {
        qint64 now = 0;
        LoginThrottleLimits limits;
        limits.maxEntries = 64;
        LoginThrottle throttle(limits, [&now] { return now; });
        for (int i = 0; i < 5000; ++i) {
            ++now;
            throttle.recordFailure(QStringLiteral("alice"),
                                   QStringLiteral("10.1.%1.%2").arg(i / 256).arg(i % 256));
        }
        QVERIFY2(throttle.entries() <= 2 * limits.maxEntries,
                 qPrintable(QString::number(throttle.entries())));
    }

    void signUpsPerAddressAreABucket() {
        KeyedRateLimiter signUps(5, 180 / 3600.0, 1000); // 5 at once, then one per 20 s
        qint64 retry = 0;
        for (int i = 0; i < 5; ++i)
            QVERIFY(signUps.tryTake(QStringLiteral("192.0.2.1"), 0, &retry));
        QVERIFY(!signUps.tryTake(QStringLiteral("192.0.2.1"), 0, &retry));
        QCOMPARE(retry, 20'000);
        QVERIFY(signUps.tryTake(QStringLiteral("192.0.2.2"), 0, &retry)); // another address
        QVERIFY(!signUps.tryTake(QStringLiteral("192.0.2.1"), 19'999, &retry));
        QVERIFY(signUps.tryTake(QStringLiteral("192.0.2.1"), 20'000, &retry));
    }

    void keyedBucketsStayBounded() {
        KeyedRateLimiter limiter(5, 1.0, 100);
        qint64 retry = 0;
        for (int i = 0; i < 10'000; ++i)
            limiter.tryTake(QString::number(i), 0, &retry);
        QVERIFY2(limiter.keys() <= 100, qPrintable(QString::number(limiter.keys())));
    }

    void hashQueueGivesEachAddressAShare() {
        ConcurrencyLimiter jobs(8, 3); // 8 in all, 3 per address
        const QString flood = QStringLiteral("203.0.113.66");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(jobs.tryAcquire(flood), ConcurrencyLimiter::Admission::Admitted);
        QCOMPARE(jobs.tryAcquire(flood), ConcurrencyLimiter::Admission::KeyFull);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(jobs.tryAcquire(QStringLiteral("10.0.0.%1").arg(i)),
                     ConcurrencyLimiter::Admission::Admitted);
        QCOMPARE(jobs.tryAcquire(QStringLiteral("10.0.0.99")), ConcurrencyLimiter::Admission::Full);
        jobs.release(flood);
        QCOMPARE(jobs.inProgress(), 7);
        QCOMPARE(jobs.tryAcquire(QStringLiteral("10.0.0.99")),
                 ConcurrencyLimiter::Admission::Admitted);
        jobs.release(QStringLiteral("never-acquired")); // ignored, the count stays right
        QCOMPARE(jobs.inProgress(), 8);
    }
};

QTEST_GUILESS_MAIN(TstRateLimits)
#include "tst_rate_limits.moc"
