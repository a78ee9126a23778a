// The request bucket of a connection and the failed-log-in throttle, on a clock the test moves.
#include "protocol/limits.h"
#include "server/login_throttle.h"
#include "server/rate_limiter.h"

#include <QTest>

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

    void fiveFailuresBlockTheAccountFromEveryAddress() {
        qint64 now = 1000;
        LoginThrottle throttle({}, [&now] { return now; });
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(
                throttle.retryAfterMs(QStringLiteral("alice"), QStringLiteral("10.0.0.%1").arg(i)),
                0);
            throttle.recordFailure(QStringLiteral("alice"), QStringLiteral("10.0.0.%1").arg(i));
            now += 1000;
        }
        const qint64 wait =
            throttle.retryAfterMs(QStringLiteral("alice"), QStringLiteral("10.9.9.9"));
        QCOMPARE(wait, 15 * 60 * 1000 - 5000); // until the first failure leaves the window
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("bob"), QStringLiteral("10.9.9.9")), 0);

        now += wait;
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("alice"), QStringLiteral("10.9.9.9")), 0);
    }

    void twentyFailuresBlockTheAddressForEveryAccount() {
        qint64 now = 0;
        LoginThrottle throttle({}, [&now] { return now; });
        const QString attacker = QStringLiteral("192.0.2.1");
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(throttle.retryAfterMs(QStringLiteral("user%1").arg(i), attacker), 0);
            throttle.recordFailure(QStringLiteral("user%1").arg(i), attacker);
        }
        QVERIFY(throttle.retryAfterMs(QStringLiteral("fresh"), attacker) > 0);
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("fresh"), QStringLiteral("192.0.2.2")), 0);

        now += 15 * 60 * 1000;
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("fresh"), attacker), 0);
    }

    void failuresOutsideTheWindowAreForgotten() {
        qint64 now = 0;
        LoginThrottle throttle({}, [&now] { return now; });
        for (int i = 0; i < 4; ++i)
            throttle.recordFailure(QStringLiteral("carol"), QStringLiteral("a"));
        now += 15 * 60 * 1000; // the four expire
        throttle.recordFailure(QStringLiteral("carol"), QStringLiteral("a"));
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("carol"), QStringLiteral("b")), 0);
    }
};

QTEST_GUILESS_MAIN(TstRateLimits)
#include "tst_rate_limits.moc"
