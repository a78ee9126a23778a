// Session tokens expire after an idle period (--session-idle-timeout-s, docs/protocol.md §1):
// a token used within the period keeps working (each auth.resume and getDifference counts as
// use); one left idle longer is answered UNAUTHORIZED and its device is revoked.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QCborArray>
#include <QElapsedTimer>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kIdleSeconds = 2;
constexpr int kIdleMs = kIdleSeconds * 1000;
} // namespace

class TstSessionExpiry : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void usedTokenLivesIdleTokenExpiresAndIsRevoked();

private:
    ServerProcess m_server{
        {QStringLiteral("--session-idle-timeout-s"), QString::number(kIdleSeconds)}};
};

void TstSessionExpiry::initTestCase() {
    QVERIFY(m_server.start());
}

void TstSessionExpiry::usedTokenLivesIdleTokenExpiresAndIsRevoked() {
    TestClient phone;
    QVERIFY(phone.connectTo(m_server.wsUrl()));
    QVERIFY(!phone.signUp(QStringLiteral("erin"), kPassword, QStringLiteral("phone")).isEmpty());
    const QString phoneToken = phone.token();
    const qint64 phoneDevice = phone.deviceId();
    phone.close();

    // Used every 60% of the period, for longer than the period: it stays alive.
    QElapsedTimer alive;
    alive.start();
    while (alive.elapsed() < kIdleMs * 3 / 2) {
        QTest::qWait(kIdleMs * 6 / 10); // the idle time itself is what is tested
        TestClient again;
        QVERIFY(again.connectTo(m_server.wsUrl()));
        QVERIFY2(again.resume(phoneToken), qPrintable(again.lastErrorName()));
        const auto difference = again.call(api::GetDifference{0});
        MSGR_VERIFY_OK(difference);
    }

    // Left idle past the period: expired, and the answer is the same ever after.
    QTest::qWait(kIdleMs + 500);
    TestClient late;
    QVERIFY(late.connectTo(m_server.wsUrl()));
    QVERIFY(!late.resume(phoneToken));
    QCOMPARE(late.lastErrorName(), QStringLiteral("UNAUTHORIZED"));
    QVERIFY(!late.resume(phoneToken));
    QCOMPARE(late.lastErrorName(), QStringLiteral("UNAUTHORIZED"));

    // The device is gone from the account: a fresh log-in does not list it.
    TestClient laptop;
    QVERIFY(laptop.connectTo(m_server.wsUrl()));
    QVERIFY(!laptop.logIn(QStringLiteral("erin"), kPassword, QStringLiteral("laptop")).isEmpty());
    QList<qint64> devices;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            devices.clear();
            const auto listed = laptop.call(api::ListDevices{});
            for (const protocol::Device &d :
                 listed.ok() ? listed.value->devices : QList<protocol::Device>{})
                devices.append(d.id);
            return !devices.isEmpty() && !devices.contains(phoneDevice);
        }(),
        5000);
    QCOMPARE(devices, QList<qint64>{laptop.deviceId()});
}

QTEST_GUILESS_MAIN(TstSessionExpiry)
#include "tst_session_expiry.moc"
