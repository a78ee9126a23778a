// A device that was offline catches up through updates.getDifference: exactly what it missed,
// in order, in slices; and when the log no longer reaches back (tooLong), a reload through
// chats.list + messages.history still yields every message.
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QCborArray>
#include <QSet>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace m = msgr::protocol::method;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! A chat between alice and bob on `server`; bob's client is returned logged in.
struct Pair {
    TestClient alice;
    TestClient bob;
    qint64 chatId = 0;
};

bool setUpPair(ServerProcess &server, Pair &pair) {
    if (!pair.alice.connectTo(server.wsUrl()) || !pair.bob.connectTo(server.wsUrl()))
        return false;
    if (pair.alice.signUp(QStringLiteral("alice"), kPassword, QStringLiteral("laptop")).isEmpty() ||
        pair.bob.signUp(QStringLiteral("bob"), kPassword, QStringLiteral("phone")).isEmpty())
        return false;
    const QCborMap r = pair.alice.call(m::ChatsOpenPrivate, {{L("userId"), pair.bob.userId()}});
    pair.chatId = r.value(L("chat")).toMap().value(L("id")).toInteger();
    return pair.chatId > 0;
}

//! Sends `count` messages from `senders` (split evenly, each paced by its own rate limit).
QList<MessagePump::Sent> sendMany(QList<TestClient *> senders, qint64 chatId, int count) {
    std::vector<std::unique_ptr<MessagePump>> pumps;
    for (int i = 0; i < senders.size(); ++i) {
        pumps.push_back(
            std::make_unique<MessagePump>(*senders[i], chatId, QStringLiteral("s%1-").arg(i), 32));
        pumps.back()->start(count / int(senders.size()) + (i < count % senders.size() ? 1 : 0));
    }
    QList<MessagePump::Sent> all;
    for (auto &pump : pumps) {
        if (!pump->waitFinished(60'000))
            return {};
        all += pump->sent();
    }
    return all;
}
} // namespace

class TstOfflineSync : public QObject {
    Q_OBJECT

private slots:
    void returningDeviceGetsExactlyWhatItMissed();
    void tooLongFallsBackToReload();
};

void TstOfflineSync::returningDeviceGetsExactlyWhatItMissed() {
    ServerProcess server;
    QVERIFY(server.start());
    Pair pair;
    QVERIFY(setUpPair(server, pair));

    // Bob's phone applies what it has so far, remembers its pts, and goes offline.
    QVERIFY(pair.bob.waitForUpdates(1)); // newChat
    const QList<protocol::UpdateFrame> before = pair.bob.takeUpdates();
    const qint64 lastPts = before.last().pts;
    const QString token = pair.bob.token();
    pair.bob.close();

    // Alice sends 1,200 messages over three connections (each paced by its own rate limit).
    TestClient alice2, alice3;
    QVERIFY(alice2.connectTo(server.wsUrl()));
    QVERIFY(alice3.connectTo(server.wsUrl()));
    QVERIFY(!alice2.logIn(QStringLiteral("alice"), kPassword, QStringLiteral("tab")).isEmpty());
    QVERIFY(!alice3.logIn(QStringLiteral("alice"), kPassword, QStringLiteral("pc")).isEmpty());
    constexpr int kMissed = 1200;
    const QList<MessagePump::Sent> sent =
        sendMany({&pair.alice, &alice2, &alice3}, pair.chatId, kMissed);
    QCOMPARE(sent.size(), kMissed);
    QSet<qint64> sentIds;
    for (const auto &s : sent)
        sentIds.insert(s.messageId);
    QCOMPARE(sentIds.size(), kMissed);

    // Bob's phone comes back and asks for the difference from its last pts.
    TestClient phone;
    QVERIFY(phone.connectTo(server.wsUrl()));
    QVERIFY2(phone.resume(token), qPrintable(phone.lastErrorName()));
    qint64 pts = lastPts;
    QList<protocol::UpdateFrame> caughtUp;
    int slices = 0;
    int nonFinalSlices = 0;
    for (;;) {
        const QCborMap r =
            phone.call(m::UpdatesGetDifference, {{L("pts"), pts}, {L("limit"), 500}});
        QVERIFY2(!phone.lastError(), qPrintable(phone.lastErrorName()));
        QVERIFY(!r.value(L("tooLong")).toBool());
        const QList<protocol::UpdateFrame> slice = differenceUpdates(r);
        QVERIFY(slice.size() <= protocol::kMaxDifferenceSlice);
        ++slices;
        caughtUp += slice;
        if (!slice.isEmpty())
            QCOMPARE(r.value(L("pts")).toInteger(), slice.last().pts);
        pts = r.value(L("pts")).toInteger();
        if (r.value(L("final")).toBool())
            break;
        ++nonFinalSlices;
        QVERIFY(!slice.isEmpty());
        QVERIFY(slices < 100);
    }
    QVERIFY(nonFinalSlices >= 1);
    QVERIFY(slices >= 3); // 1,200 updates in slices of at most 500

    // Exactly the missed updates: contiguous pts from lastPts + 1, every message once, in order.
    QCOMPARE(caughtUp.size(), kMissed);
    for (int i = 0; i < caughtUp.size(); ++i)
        QCOMPARE(caughtUp[i].pts, lastPts + 1 + i);
    const QList<protocol::Message> messages = newMessages(caughtUp);
    QCOMPARE(messages.size(), kMissed);
    QSet<qint64> got;
    for (int i = 0; i < messages.size(); ++i) {
        QVERIFY(!got.contains(messages[i].id));
        got.insert(messages[i].id);
        if (i > 0)
            QVERIFY(messages[i].id > messages[i - 1].id);
        QCOMPARE(messages[i].randomId, 0); // bob is not the sender
    }
    QCOMPARE(got, sentIds);

    // Nothing more is pending; the state agrees.
    const QCborMap state = phone.call(m::UpdatesGetState);
    QCOMPARE(state.value(L("pts")).toInteger(), pts);
    const QCborMap empty = phone.call(m::UpdatesGetDifference, {{L("pts"), pts}});
    QVERIFY(empty.value(L("final")).toBool());
    QVERIFY(empty.value(L("updates")).toArray().isEmpty());
    QCOMPARE(empty.value(L("pts")).toInteger(), pts);
}

void TstOfflineSync::tooLongFallsBackToReload() {
    ServerProcess server({QStringLiteral("--log-retention"), QStringLiteral("50")});
    QVERIFY(server.start());
    Pair pair;
    QVERIFY(setUpPair(server, pair));
    QVERIFY(pair.bob.waitForUpdates(1));
    const qint64 lastPts = pair.bob.takeUpdates().last().pts;
    const QString token = pair.bob.token();
    pair.bob.close();

    constexpr int kMissed = 150;
    const QList<MessagePump::Sent> sent = sendMany({&pair.alice}, pair.chatId, kMissed);
    QCOMPARE(sent.size(), kMissed);

    TestClient phone;
    QVERIFY(phone.connectTo(server.wsUrl()));
    QVERIFY(phone.resume(token));
    const QCborMap r = phone.call(m::UpdatesGetDifference, {{L("pts"), lastPts}});
    QVERIFY2(!phone.lastError(), qPrintable(phone.lastErrorName()));
    QVERIFY(r.value(L("tooLong")).toBool());
    const qint64 currentPts = r.value(L("pts")).toInteger();
    QCOMPARE(currentPts, lastPts + kMissed);

    // The reload: the chat list, then the history of each chat.
    const QCborMap list = phone.call(m::ChatsList);
    const QCborArray chats = list.value(L("chats")).toArray();
    QCOMPARE(chats.size(), 1);
    const QCborMap summary = chats.at(0).toMap();
    QCOMPARE(summary.value(L("chat")).toMap().value(L("id")).toInteger(), pair.chatId);
    // Retries after FLOOD_WAIT reorder sends: the last message is the one with the top id.
    const qint64 newestId =
        std::max_element(sent.begin(), sent.end(), [](const auto &a, const auto &b) {
            return a.messageId < b.messageId;
        })->messageId;
    QCOMPARE(summary.value(L("lastMessage")).toMap().value(L("id")).toInteger(), newestId);
    QCOMPARE(summary.value(L("unreadCount")).toInteger(), kMissed);
    const QList<protocol::Message> history = fetchHistory(phone, pair.chatId);
    QCOMPARE(history.size(), kMissed);
    QList<qint64> sentIds;
    for (const auto &s : sent)
        sentIds.append(s.messageId);
    std::sort(sentIds.begin(), sentIds.end());
    for (int i = 0; i < kMissed; ++i)
        QCOMPARE(history[i].id, sentIds[i]);

    // From the returned pts the client continues normally, and a recent pts still works.
    const QCborMap fromCurrent = phone.call(m::UpdatesGetDifference, {{L("pts"), currentPts}});
    QVERIFY(!fromCurrent.value(L("tooLong")).toBool());
    QVERIFY(fromCurrent.value(L("final")).toBool());
    QVERIFY(fromCurrent.value(L("updates")).toArray().isEmpty());
    const QCborMap recent = phone.call(m::UpdatesGetDifference, {{L("pts"), currentPts - 10}});
    QVERIFY(!recent.value(L("tooLong")).toBool());
    QCOMPARE(differenceUpdates(recent).size(), 10);
    QCOMPARE(differenceUpdates(recent).first().pts, currentPts - 9);
}

QTEST_GUILESS_MAIN(TstOfflineSync)
#include "tst_offline_sync.moc"
