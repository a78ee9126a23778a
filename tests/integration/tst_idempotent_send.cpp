// messages.send is idempotent on (sender, randomId): a retry on the same connection, a retry
// after reconnecting, and two copies in flight at once all yield one stored message.
#include "protocol/api/api.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
} // namespace

class TstIdempotentSend : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void retryOnSameConnectionYieldsOneMessage();
    void retryAfterReconnectYieldsOneMessage();
    void concurrentCopiesYieldOneMessage();
    void sameRandomIdFromAnotherUserIsAnotherMessage();

private:
    api::Reply<api::SendResult> send(TestClient &client, qint64 randomId, const QString &text);
    //! Waits until bob has the marker message, then returns the ids bob got since the last call.
    QList<qint64> bobReceivedUpTo(qint64 markerId);
    int historyCount(qint64 messageId);

    ServerProcess m_server;
    TestClient m_alice;
    TestClient m_bob;
    qint64 m_chatId = 0;
    QList<protocol::UpdateFrame> m_bobLog;
};

void TstIdempotentSend::initTestCase() {
    QVERIFY(m_server.start());
    QVERIFY(m_alice.connectTo(m_server.wsUrl()));
    QVERIFY(m_bob.connectTo(m_server.wsUrl()));
    QVERIFY(!m_alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
    QVERIFY(!m_bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
    const auto r = m_alice.call(api::OpenPrivateChat{m_bob.userId()});
    MSGR_VERIFY_OK(r);
    m_chatId = r.value->chat.id;
    QVERIFY(m_chatId > 0);
}

void TstIdempotentSend::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

api::Reply<api::SendResult> TstIdempotentSend::send(TestClient &client, qint64 randomId,
                                                    const QString &text) {
    return client.call(api::SendMessage{m_chatId, randomId, text});
}

QList<qint64> TstIdempotentSend::bobReceivedUpTo(qint64 markerId) {
    QList<qint64> ids;
    const bool ok = QTest::qWaitFor(
        [&] {
            m_bobLog += m_bob.takeUpdates();
            const auto msgs = newMessages(m_bobLog);
            return std::any_of(msgs.begin(), msgs.end(),
                               [&](const auto &msg) { return msg.id == markerId; });
        },
        10'000);
    if (!ok)
        return {};
    for (const auto &msg : newMessages(std::exchange(m_bobLog, {})))
        ids.append(msg.id);
    return ids;
}

int TstIdempotentSend::historyCount(qint64 messageId) {
    const auto history = fetchHistory(m_alice, m_chatId);
    return int(std::count_if(history.begin(), history.end(),
                             [&](const auto &msg) { return msg.id == messageId; }));
}

void TstIdempotentSend::retryOnSameConnectionYieldsOneMessage() {
    const qint64 randomId = newRandomId();
    const auto first = send(m_alice, randomId, QStringLiteral("hello once"));
    MSGR_VERIFY_OK(first);
    QCOMPARE(first.value->duplicate, false);
    const qint64 id = first.value->message.id;
    QVERIFY(id > 0);

    const auto retry = send(m_alice, randomId, QStringLiteral("hello once"));
    MSGR_VERIFY_OK(retry);
    QCOMPARE(retry.value->duplicate, true);
    QCOMPARE(retry.value->message, first.value->message);

    const auto marker = send(m_alice, newRandomId(), QStringLiteral("marker 1"));
    MSGR_VERIFY_OK(marker);
    const qint64 markerId = marker.value->message.id;
    QCOMPARE(bobReceivedUpTo(markerId), (QList<qint64>{id, markerId}));
    QCOMPARE(historyCount(id), 1);
}

void TstIdempotentSend::retryAfterReconnectYieldsOneMessage() {
    const qint64 randomId = newRandomId();
    const auto first = send(m_alice, randomId, QStringLiteral("across reconnect"));
    MSGR_VERIFY_OK(first);
    const qint64 id = first.value->message.id;
    QVERIFY(id > 0);

    // The answer "was lost": the client reconnects and sends the same randomId again.
    const QString token = m_alice.token();
    m_alice.close();
    QVERIFY(m_alice.connectTo(m_server.wsUrl()));
    QVERIFY(m_alice.resume(token));
    const auto retry = send(m_alice, randomId, QStringLiteral("across reconnect"));
    MSGR_VERIFY_OK(retry);
    QCOMPARE(retry.value->duplicate, true);
    QCOMPARE(retry.value->message.id, id);
    QCOMPARE(retry.value->message.randomId, randomId);

    const auto marker = send(m_alice, newRandomId(), QStringLiteral("marker 2"));
    MSGR_VERIFY_OK(marker);
    const qint64 markerId = marker.value->message.id;
    QCOMPARE(bobReceivedUpTo(markerId), (QList<qint64>{id, markerId}));
    QCOMPARE(historyCount(id), 1);
}

void TstIdempotentSend::concurrentCopiesYieldOneMessage() {
    const qint64 randomId = newRandomId();
    const api::SendMessage request{m_chatId, randomId, QStringLiteral("twice in flight")};
    const qint64 r1 = m_alice.sendRequest(request);
    const qint64 r2 = m_alice.sendRequest(request);
    QVERIFY(m_alice.waitForAnswer(r1));
    QVERIFY(m_alice.waitForAnswer(r2));
    const auto a1 = m_alice.takeResultAs<api::SendResult>(r1);
    const auto a2 = m_alice.takeResultAs<api::SendResult>(r2);
    MSGR_VERIFY_OK(a1);
    MSGR_VERIFY_OK(a2);
    const qint64 id = a1.value->message.id;
    QVERIFY(id > 0);
    QCOMPARE(a2.value->message.id, id);
    // Exactly one of the two created it.
    QCOMPARE(a1.value->duplicate + a2.value->duplicate, 1);

    const auto marker = send(m_alice, newRandomId(), QStringLiteral("marker 3"));
    MSGR_VERIFY_OK(marker);
    const qint64 markerId = marker.value->message.id;
    QCOMPARE(bobReceivedUpTo(markerId), (QList<qint64>{id, markerId}));
    QCOMPARE(historyCount(id), 1);
}

void TstIdempotentSend::sameRandomIdFromAnotherUserIsAnotherMessage() {
    // Idempotency is per sender: bob reusing alice's randomId sends a message of his own.
    const qint64 randomId = newRandomId();
    const auto a = send(m_alice, randomId, QStringLiteral("from alice"));
    MSGR_VERIFY_OK(a);
    const auto b = send(m_bob, randomId, QStringLiteral("from bob"));
    MSGR_VERIFY_OK(b);
    QCOMPARE(b.value->duplicate, false);
    QVERIFY(b.value->message.id != a.value->message.id);
    QCOMPARE(b.value->message.text, QStringLiteral("from bob"));
}

QTEST_GUILESS_MAIN(TstIdempotentSend)
#include "tst_idempotent_send.moc"
