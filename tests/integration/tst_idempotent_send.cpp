// messages.send is idempotent on (sender, randomId): a retry on the same connection, a retry
// after reconnecting, and two copies in flight at once all yield one stored message.
#include "protocol/methods.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace m = msgr::protocol::method;
using L = QLatin1StringView;

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
    QCborMap send(TestClient &client, qint64 randomId, const QString &text);
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
    const QCborMap r = m_alice.call(m::ChatsOpenPrivate, {{L("userId"), m_bob.userId()}});
    m_chatId = r.value(L("chat")).toMap().value(L("id")).toInteger();
    QVERIFY(m_chatId > 0);
}

void TstIdempotentSend::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

QCborMap TstIdempotentSend::send(TestClient &client, qint64 randomId, const QString &text) {
    return client.call(m::MessagesSend,
                       {{L("chatId"), m_chatId}, {L("randomId"), randomId}, {L("text"), text}});
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
    const QCborMap first = send(m_alice, randomId, QStringLiteral("hello once"));
    QVERIFY2(!m_alice.lastError(), qPrintable(m_alice.lastErrorName()));
    QCOMPARE(first.value(L("duplicate")).toBool(), false);
    const qint64 id = first.value(L("message")).toMap().value(L("id")).toInteger();
    QVERIFY(id > 0);

    const QCborMap retry = send(m_alice, randomId, QStringLiteral("hello once"));
    QVERIFY2(!m_alice.lastError(), qPrintable(m_alice.lastErrorName()));
    QCOMPARE(retry.value(L("duplicate")).toBool(), true);
    QCOMPARE(retry.value(L("message")).toMap(), first.value(L("message")).toMap());

    const QCborMap marker = send(m_alice, newRandomId(), QStringLiteral("marker 1"));
    const qint64 markerId = marker.value(L("message")).toMap().value(L("id")).toInteger();
    QCOMPARE(bobReceivedUpTo(markerId), (QList<qint64>{id, markerId}));
    QCOMPARE(historyCount(id), 1);
}

void TstIdempotentSend::retryAfterReconnectYieldsOneMessage() {
    const qint64 randomId = newRandomId();
    const QCborMap first = send(m_alice, randomId, QStringLiteral("across reconnect"));
    const qint64 id = first.value(L("message")).toMap().value(L("id")).toInteger();
    QVERIFY(id > 0);

    // The answer "was lost": the client reconnects and sends the same randomId again.
    const QString token = m_alice.token();
    m_alice.close();
    QVERIFY(m_alice.connectTo(m_server.wsUrl()));
    QVERIFY(m_alice.resume(token));
    const QCborMap retry = send(m_alice, randomId, QStringLiteral("across reconnect"));
    QVERIFY2(!m_alice.lastError(), qPrintable(m_alice.lastErrorName()));
    QCOMPARE(retry.value(L("duplicate")).toBool(), true);
    QCOMPARE(retry.value(L("message")).toMap().value(L("id")).toInteger(), id);
    QCOMPARE(retry.value(L("message")).toMap().value(L("randomId")).toInteger(), randomId);

    const QCborMap marker = send(m_alice, newRandomId(), QStringLiteral("marker 2"));
    const qint64 markerId = marker.value(L("message")).toMap().value(L("id")).toInteger();
    QCOMPARE(bobReceivedUpTo(markerId), (QList<qint64>{id, markerId}));
    QCOMPARE(historyCount(id), 1);
}

void TstIdempotentSend::concurrentCopiesYieldOneMessage() {
    const qint64 randomId = newRandomId();
    const QCborMap args{{L("chatId"), m_chatId},
                        {L("randomId"), randomId},
                        {L("text"), QStringLiteral("twice in flight")}};
    const qint64 r1 = m_alice.sendRequest(m::MessagesSend, args);
    const qint64 r2 = m_alice.sendRequest(m::MessagesSend, args);
    QVERIFY(m_alice.waitForAnswer(r1));
    QVERIFY(m_alice.waitForAnswer(r2));
    QVERIFY(!m_alice.takeError(r1));
    QVERIFY(!m_alice.takeError(r2));
    const QCborMap a1 = m_alice.takeResult(r1);
    const QCborMap a2 = m_alice.takeResult(r2);
    const qint64 id = a1.value(L("message")).toMap().value(L("id")).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(a2.value(L("message")).toMap().value(L("id")).toInteger(), id);
    // Exactly one of the two created it.
    QCOMPARE(a1.value(L("duplicate")).toBool() + a2.value(L("duplicate")).toBool(), 1);

    const QCborMap marker = send(m_alice, newRandomId(), QStringLiteral("marker 3"));
    const qint64 markerId = marker.value(L("message")).toMap().value(L("id")).toInteger();
    QCOMPARE(bobReceivedUpTo(markerId), (QList<qint64>{id, markerId}));
    QCOMPARE(historyCount(id), 1);
}

void TstIdempotentSend::sameRandomIdFromAnotherUserIsAnotherMessage() {
    // Idempotency is per sender: bob reusing alice's randomId sends a message of his own.
    const qint64 randomId = newRandomId();
    const QCborMap a = send(m_alice, randomId, QStringLiteral("from alice"));
    const QCborMap b = send(m_bob, randomId, QStringLiteral("from bob"));
    QVERIFY2(!m_bob.lastError(), qPrintable(m_bob.lastErrorName()));
    QCOMPARE(b.value(L("duplicate")).toBool(), false);
    QVERIFY(b.value(L("message")).toMap().value(L("id")).toInteger() !=
            a.value(L("message")).toMap().value(L("id")).toInteger());
    QCOMPARE(b.value(L("message")).toMap().value(L("text")).toString(), QStringLiteral("from bob"));
}

QTEST_GUILESS_MAIN(TstIdempotentSend)
#include "tst_idempotent_send.moc"
