// Writes are limited per user over all of the user's devices (--user-write-burst,
// --user-writes-per-second; docs/protocol.md §1): many connections of one account do not
// multiply its write rate, and another account is not slowed by it.
#include "protocol/api/api.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kBurst = 10;
constexpr int kDevices = 4;
constexpr int kSendsPerDevice = 6;
} // namespace

class TstUserWriteQuota : public QObject {
    Q_OBJECT

private slots:
    void manyDevicesShareOneQuota();

private:
    ServerProcess m_server{{QStringLiteral("--user-write-burst"), QString::number(kBurst),
                            QStringLiteral("--user-writes-per-second"), QStringLiteral("1")}};
};

void TstUserWriteQuota::manyDevicesShareOneQuota() {
    QVERIFY(m_server.start());
    TestClient bob;
    QVERIFY(bob.connectTo(m_server.wsUrl()));
    QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
    std::vector<std::unique_ptr<TestClient>> devices;
    for (int i = 0; i < kDevices; ++i) {
        devices.push_back(std::make_unique<TestClient>());
        QVERIFY(devices.back()->connectTo(m_server.wsUrl()));
        const QString name = QStringLiteral("device%1").arg(i);
        QVERIFY(i == 0
                    ? !devices.back()->signUp(QStringLiteral("alice"), kPassword, name).isEmpty()
                    : !devices.back()->logIn(QStringLiteral("alice"), kPassword, name).isEmpty());
    }
    const auto opened = devices.front()->call(api::OpenPrivateChat{bob.userId()}); // 1 write
    const qint64 chatId = opened.ok() ? opened.value->chat.id : 0;
    QVERIFY(chatId > 0);

    // Every device sends its messages at once: far under each connection's own limit.
    QList<QPair<TestClient *, qint64>> requests;
    for (auto &device : devices) {
        for (int i = 0; i < kSendsPerDevice; ++i)
            requests.append({device.get(), device->sendRequest(api::SendMessage{
                                               chatId, newRandomId(), QStringLiteral("hi")})});
    }
    int stored = 0;
    int floodWaits = 0;
    for (const auto &[client, id] : requests) {
        QVERIFY(client->waitForAnswer(id));
        if (!client->takeResult(id).isEmpty()) {
            ++stored;
            continue;
        }
        const auto error = client->takeError(id);
        QVERIFY(error);
        QCOMPARE(protocol::errorCodeName(error->code), QStringLiteral("FLOOD_WAIT"));
        QVERIFY(error->retryAfterMs > 0);
        ++floodWaits;
    }
    // The burst less the chat opened, plus at most a token or two refilled meanwhile.
    QVERIFY2(stored >= kBurst - 1 && stored <= kBurst + 1, qPrintable(QString::number(stored)));
    QCOMPARE(stored + floodWaits, kDevices * kSendsPerDevice);

    // Bob's quota is his own.
    const auto sent = bob.call(api::SendMessage{chatId, newRandomId(), QStringLiteral("hello")});
    MSGR_VERIFY_OK(sent);
}

QTEST_GUILESS_MAIN(TstUserWriteQuota)
#include "tst_user_write_quota.moc"
