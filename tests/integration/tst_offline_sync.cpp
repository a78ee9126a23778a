// A device that was offline catches up through updates.getDifference: exactly what it missed,
// in order, in slices; and when the log no longer reaches back (tooLong), a reload through
// chats.list + messages.history still yields every message.
#include "protocol/api/api.h"
#include "protocol/limits.h"
#include "tests/support/message_pump.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QSet>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

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
    const auto r = pair.alice.call(api::OpenPrivateChat{pair.bob.userId()});
    if (!r.ok())
        return false;
    pair.chatId = r.value->chat.id;
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
        const auto r = phone.call(api::GetDifference{pts, 500});
        MSGR_VERIFY_OK(r);
        QVERIFY(!r.value->tooLong);
        const QList<protocol::UpdateFrame> slice = differenceUpdates(*r.value);
        QVERIFY(slice.size() <= protocol::kMaxDifferenceSlice);
        ++slices;
        caughtUp += slice;
        if (!slice.isEmpty())
            QCOMPARE(r.value->pts, slice.last().pts);
        pts = r.value->pts;
        if (r.value->final)
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

    // With the default limit (10,000), the same 1,200 short messages fit one frame: they
    // arrive as one final slice, whole and in the same order (what the client asks for).
    const auto whole = phone.call(api::GetDifference{lastPts});
    MSGR_VERIFY_OK(whole);
    QVERIFY(!whole.value->tooLong);
    QVERIFY(whole.value->final);
    const QList<protocol::UpdateFrame> wholeSlice = differenceUpdates(*whole.value);
    QCOMPARE(wholeSlice.size(), kMissed);
    QCOMPARE(whole.value->pts, pts);
    for (int i = 0; i < wholeSlice.size(); ++i)
        QCOMPARE(wholeSlice[i].pts, caughtUp[i].pts);
    QCOMPARE(newMessages(wholeSlice), messages);

    // Nothing more is pending; the state agrees.
    const auto state = phone.call(api::GetState{});
    MSGR_VERIFY_OK(state);
    QCOMPARE(state.value->pts, pts);
    const auto empty = phone.call(api::GetDifference{pts});
    MSGR_VERIFY_OK(empty);
    QVERIFY(!empty.value->tooLong);
    QVERIFY(empty.value->final);
    QVERIFY(empty.value->updates.isEmpty());
    QCOMPARE(empty.value->pts, pts);
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
    const auto r = phone.call(api::GetDifference{lastPts});
    MSGR_VERIFY_OK(r);
    QVERIFY(r.value->tooLong);
    const qint64 currentPts = r.value->pts;
    QCOMPARE(currentPts, lastPts + kMissed);

    // The reload: the chat list, then the history of each chat.
    const auto list = phone.call(api::ListChats{});
    MSGR_VERIFY_OK(list);
    QCOMPARE(list.value->chats.size(), 1);
    const protocol::ChatSummary &summary = list.value->chats.at(0);
    QCOMPARE(summary.chat.id, pair.chatId);
    // Retries after FLOOD_WAIT reorder sends: the last message is the one with the top id.
    const qint64 newestId =
        std::max_element(sent.begin(), sent.end(), [](const auto &a, const auto &b) {
            return a.messageId < b.messageId;
        })->messageId;
    QVERIFY(summary.lastMessage);
    QCOMPARE(summary.lastMessage->id, newestId);
    QCOMPARE(summary.unreadCount, kMissed);
    const QList<protocol::Message> history = fetchHistory(phone, pair.chatId);
    QCOMPARE(history.size(), kMissed);
    QList<qint64> sentIds;
    for (const auto &s : sent)
        sentIds.append(s.messageId);
    std::sort(sentIds.begin(), sentIds.end());
    for (int i = 0; i < kMissed; ++i)
        QCOMPARE(history[i].id, sentIds[i]);

    // From the returned pts the client continues normally, and a recent pts still works.
    const auto fromCurrent = phone.call(api::GetDifference{currentPts});
    MSGR_VERIFY_OK(fromCurrent);
    QVERIFY(!fromCurrent.value->tooLong);
    QVERIFY(fromCurrent.value->final);
    QVERIFY(fromCurrent.value->updates.isEmpty());
    const auto recent = phone.call(api::GetDifference{currentPts - 10});
    MSGR_VERIFY_OK(recent);
    QVERIFY(!recent.value->tooLong);
    QCOMPARE(recent.value->updates.size(), 10);
    QCOMPARE(recent.value->updates.first().pts, currentPts - 9);
}

QTEST_GUILESS_MAIN(TstOfflineSync)
#include "tst_offline_sync.moc"
