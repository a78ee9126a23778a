// The server is SIGKILLed while two clients exchange messages. After a restart on the same data
// directory and port: every message the server acknowledged is there, nothing is duplicated,
// tokens still resume, and each user's log continues with contiguous pts.
#include "protocol/api/api.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QCborArray>
#include <QSet>
#include <QTest>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The whole log of the caller from pts 0, through as many slices as needed.
QList<protocol::UpdateFrame> wholeLog(TestClient &client, bool *ok) {
    QList<protocol::UpdateFrame> log;
    qint64 pts = 0;
    *ok = false;
    for (int slices = 0; slices < 100; ++slices) {
        const auto r = client.call(api::GetDifference{pts});
        if (!r.ok() || r.value->tooLong)
            return log;
        log += differenceUpdates(*r.value);
        pts = r.value->pts;
        if (r.value->final) {
            *ok = true;
            return log;
        }
    }
    return log;
}

bool contiguousFromOne(const QList<protocol::UpdateFrame> &log) {
    for (int i = 0; i < log.size(); ++i) {
        if (log[i].pts != i + 1)
            return false;
    }
    return true;
}
} // namespace

class TstServerKill : public QObject {
    Q_OBJECT

private slots:
    void acknowledgedMessagesSurviveSigkill();
};

void TstServerKill::acknowledgedMessagesSurviveSigkill() {
    ServerProcess server;
    QVERIFY(server.start());
    TestClient alice, bob;
    QVERIFY(alice.connectTo(server.wsUrl()));
    QVERIFY(bob.connectTo(server.wsUrl()));
    QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
    QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
    const auto opened = alice.call(api::OpenPrivateChat{bob.userId()});
    const qint64 chatId = opened.ok() ? opened.value->chat.id : 0;
    QVERIFY(chatId > 0);
    const QString aliceToken = alice.token();
    const QString bobToken = bob.token();

    // Both sides send continuously; the server dies mid-traffic.
    MessagePump fromAlice(alice, chatId, QStringLiteral("a"), 16);
    MessagePump fromBob(bob, chatId, QStringLiteral("b"), 16);
    fromAlice.start(-1);
    fromBob.start(-1);
    QVERIFY(QTest::qWaitFor(
        [&] { return fromAlice.acknowledged() >= 150 && fromBob.acknowledged() >= 150; }, 30'000));
    QVERIFY(fromAlice.failures() == 0 && fromBob.failures() == 0);
    server.kill();
    fromAlice.stop();
    fromBob.stop();
    // The kernel closes the sockets of the dead process; both clients notice.
    alice.waitForClose();
    bob.waitForClose();
    QVERIFY(!alice.isConnected());
    QVERIFY(!bob.isConnected());

    const QList<MessagePump::Sent> sentByAlice = fromAlice.sent();
    const QList<MessagePump::Sent> sentByBob = fromBob.sent();
    QList<MessagePump::Sent> all = sentByAlice + sentByBob;
    int acknowledged = 0;
    for (const auto &s : all)
        acknowledged += s.messageId > 0 ? 1 : 0;
    qInfo("acknowledged before the kill: %d of %d sent", acknowledged, int(all.size()));

    // Restart on the same data dir and port; the same tokens resume.
    QVERIFY(server.restart());
    TestClient alice2, bob2;
    QVERIFY(alice2.connectTo(server.wsUrl()));
    QVERIFY(bob2.connectTo(server.wsUrl()));
    QVERIFY2(alice2.resume(aliceToken), qPrintable(alice2.lastErrorName()));
    QVERIFY2(bob2.resume(bobToken), qPrintable(bob2.lastErrorName()));

    // Every acknowledged message is in history, once, with the acknowledged id.
    QList<protocol::Message> history = fetchHistory(alice2, chatId);
    QVERIFY2(!alice2.lastError(), qPrintable(alice2.lastErrorName()));
    QHash<QString, qint64> idByText;
    for (const auto &msg : history) {
        QVERIFY2(!idByText.contains(msg.text), qPrintable(QStringLiteral("duplicate ") + msg.text));
        idByText.insert(msg.text, msg.id);
    }
    for (const auto &s : all) {
        if (s.messageId == 0)
            continue;
        QVERIFY2(idByText.value(s.text) == s.messageId,
                 qPrintable(QStringLiteral("lost acknowledged message ") + s.text));
    }

    // The clients retry what was unanswered with the same randomId: nothing is duplicated.
    auto retryUnanswered = [&](TestClient &client, const QList<MessagePump::Sent> &sent) {
        for (const auto &s : sent) {
            if (s.messageId != 0)
                continue;
            const auto r = client.call(api::SendMessage{chatId, s.randomId, s.text});
            if (!r.ok()) {
                qWarning("retry failed: %s", qPrintable(client.lastErrorName()));
                return false;
            }
            const qint64 id = r.value->message.id;
            // Stored before the kill (duplicate) or stored now; either way one message.
            if (idByText.contains(s.text) && (idByText.value(s.text) != id || !r.value->duplicate))
                return false;
        }
        return true;
    };
    QVERIFY(retryUnanswered(alice2, sentByAlice));
    QVERIFY(retryUnanswered(bob2, sentByBob));
    history = fetchHistory(bob2, chatId);
    QCOMPARE(history.size(), all.size());
    QSet<QString> texts;
    for (const auto &msg : history)
        texts.insert(msg.text);
    QCOMPARE(texts.size(), all.size());

    // Each user's log is contiguous from 1 and holds each message once.
    for (TestClient *client : {&alice2, &bob2}) {
        bool ok = false;
        const QList<protocol::UpdateFrame> log = wholeLog(*client, &ok);
        QVERIFY(ok);
        QVERIFY(contiguousFromOne(log));
        const QList<protocol::Message> logged = newMessages(log);
        QCOMPARE(logged.size(), all.size());
        QSet<qint64> ids;
        for (const auto &msg : logged)
            ids.insert(msg.id);
        QCOMPARE(ids.size(), all.size());

        // And it continues: the next message lands at the next pts.
        const qint64 lastPts = log.last().pts;
        client->takeUpdates();
        const auto r =
            client->call(api::SendMessage{chatId, newRandomId(), QStringLiteral("after")});
        MSGR_VERIFY_OK(r);
        QCOMPARE(r.value->pts, lastPts + 1);
        QVERIFY(client->waitForUpdates(1));
        QCOMPARE(client->takeUpdates().first().pts, lastPts + 1);
        // The other user's log holds this message too.
        all.append(MessagePump::Sent{0, QStringLiteral("after"), 0, false});
    }
}

QTEST_GUILESS_MAIN(TstServerKill)
#include "tst_server_kill.moc"
