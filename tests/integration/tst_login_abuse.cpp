// Log-in and sign-up abuse against the real server (docs/protocol.md §1): wrong passwords get
// growing FLOOD_WAITs, the right password after the wait still works (no lock-out), other
// accounts from the same address are not slowed, and a sign-up flood from one address gets
// FLOOD_WAIT instead of creating accounts. Every connection here comes from 127.0.0.1; the
// per-address side (a guesser elsewhere never slows the owner) is proven in tst_rate_limits.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QElapsedTimer>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
// The server's defaults (AuthLimits): five failures, then 1 s, 2 s, 4 s, ...
constexpr int kFailuresBeforeDelay = 5;
constexpr int kSignUpBurst = 20;
} // namespace

class TstLoginAbuse : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void wrongPasswordsGetGrowingWaitsAndTheRightOneStillWorks();
    void signUpFloodFromOneAddressGetsFloodWait();

private:
    ServerProcess m_server;
};

void TstLoginAbuse::initTestCase() {
    QVERIFY(m_server.start());
}

void TstLoginAbuse::wrongPasswordsGetGrowingWaitsAndTheRightOneStillWorks() {
    TestClient owner;
    QVERIFY(owner.connectTo(m_server.wsUrl()));
    QVERIFY(!owner.signUp(QStringLiteral("carol"), kPassword).isEmpty());
    TestClient other;
    QVERIFY(other.connectTo(m_server.wsUrl()));
    QVERIFY(!other.signUp(QStringLiteral("dave"), kPassword).isEmpty());

    TestClient guesser;
    QVERIFY(guesser.connectTo(m_server.wsUrl()));
    int guess = 0;
    auto wrong = [&] {
        return guesser.logIn(QStringLiteral("carol"), QStringLiteral("guess %1").arg(++guess));
    };
    for (int i = 0; i < kFailuresBeforeDelay; ++i) {
        QVERIFY(wrong().isEmpty());
        QCOMPARE(guesser.lastErrorName(), QStringLiteral("AUTH_FAILED"));
    }
    // From here each failure makes the next attempt wait, twice as long as the last.
    QList<qint64> waits;
    for (int round = 0; round < 2; ++round) {
        QVERIFY(wrong().isEmpty());
        QCOMPARE(guesser.lastErrorName(), QStringLiteral("FLOOD_WAIT"));
        const qint64 wait = guesser.lastError()->retryAfterMs;
        QVERIFY2(wait > 0, "FLOOD_WAIT without retryAfterMs");
        waits.append(wait);
        // Another account from the same address is not slowed by carol's guesser.
        TestClient daveAgain;
        QVERIFY(daveAgain.connectTo(m_server.wsUrl()));
        QVERIFY2(!daveAgain.logIn(QStringLiteral("dave"), kPassword).isEmpty(),
                 qPrintable(daveAgain.lastErrorName()));
        QTest::qWait(int(wait)); // the server said when: waiting is the protocol
        QVERIFY(wrong().isEmpty());
        QCOMPARE(guesser.lastErrorName(), QStringLiteral("AUTH_FAILED"));
    }
    QVERIFY(guesser.isConnected()); // throttled, not thrown out

    // The owner's live session never noticed, and her token still resumes.
    const auto pong = owner.call(api::Ping{});
    MSGR_VERIFY_OK(pong);
    TestClient resumed;
    QVERIFY(resumed.connectTo(m_server.wsUrl()));
    QVERIFY(resumed.resume(owner.token()));

    // Now even the right password waits (the throttle cannot know it is right)...
    QVERIFY(guesser.logIn(QStringLiteral("carol"), kPassword, QStringLiteral("new")).isEmpty());
    QCOMPARE(guesser.lastErrorName(), QStringLiteral("FLOOD_WAIT"));
    waits.append(guesser.lastError()->retryAfterMs);
    // 1 s, 2 s, 4 s (less the few ms between the failure and the asking).
    QVERIFY2(
        waits.at(0) <= 1000 && waits.at(1) > 1000 && waits.at(1) <= 2000 && waits.at(2) > 2000 &&
            waits.at(2) <= 4000,
        qPrintable(
            QStringLiteral("waits %1 %2 %3").arg(waits.at(0)).arg(waits.at(1)).arg(waits.at(2))));
    // ...and after the wait it logs in: a delay, never a lock-out.
    QTest::qWait(int(waits.at(2)));
    const QCborMap in = guesser.logIn(QStringLiteral("carol"), kPassword, QStringLiteral("new"));
    QVERIFY2(!in.isEmpty(), qPrintable(guesser.lastErrorName()));
    QCOMPARE(guesser.userId(), owner.userId());
}

void TstLoginAbuse::signUpFloodFromOneAddressGetsFloodWait() {
    TestClient flood;
    QVERIFY(flood.connectTo(m_server.wsUrl()));
    // The burst (less the accounts the other test made from this address) goes through...
    int created = 0;
    int refused = 0;
    qint64 retryAfterMs = 0;
    QElapsedTimer flooding;
    flooding.start();
    // Until five are refused: each sign-up hashes a password, so on a slow machine the flood
    // lasts long enough for the bucket to earn a few more (bounded below).
    for (int i = 0; refused < 5 && i < kSignUpBurst + 20; ++i) {
        const auto r = flood.call(
            api::SignUp{QStringLiteral("spam%1").arg(i), kPassword, QStringLiteral("bot"), {}});
        if (r.ok()) {
            ++created;
            continue;
        }
        QCOMPARE(flood.lastErrorName(), QStringLiteral("FLOOD_WAIT"));
        retryAfterMs = flood.lastError()->retryAfterMs;
        ++refused;
    }
    // ...the rest waits for the bucket: 360 an hour is one every 10 s.
    const int earned = int(flooding.elapsed() / 10'000);
    QVERIFY2(
        created <= kSignUpBurst + earned && created >= kSignUpBurst - 2,
        qPrintable(QStringLiteral("%1 created in %2 ms").arg(created).arg(flooding.elapsed())));
    QVERIFY(refused >= 5);
    QVERIFY2(retryAfterMs > 0 && retryAfterMs <= 10'000, qPrintable(QString::number(retryAfterMs)));
    // Only the accepted sign-ups exist.
    TestClient probe;
    QVERIFY(probe.connectTo(m_server.wsUrl()));
    QVERIFY(!probe.logIn(QStringLiteral("spam0"), kPassword).isEmpty());
    const auto found = probe.call(api::SearchUsers{QStringLiteral("spam"), 50});
    MSGR_VERIFY_OK(found);
    QCOMPARE(found.value->users.size(), created);
}

QTEST_GUILESS_MAIN(TstLoginAbuse)
#include "tst_login_abuse.moc"
