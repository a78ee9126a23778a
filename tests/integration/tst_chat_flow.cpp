// Two users with two devices each chat through the real server: every device sees every
// message once and in order, history pages, delivery/read receipts, unread counts, device
// management and log-out behave as docs/protocol.md says.
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

//! One device: its connection and every update it has received since logging in.
struct Device {
    std::unique_ptr<TestClient> client = std::make_unique<TestClient>();
    qint64 startPts = 0;
    QList<protocol::UpdateFrame> log;

    void collect() { log += client->takeUpdates(); }
    QList<protocol::UpdateFrame> ofType(L type) const { return updatesOfType(log, type); }
    //! Waits until the device has received `count` updates of `type` in total.
    bool waitFor(L type, int count) {
        return QTest::qWaitFor(
            [&] {
                collect();
                return ofType(type).size() >= count;
            },
            10'000);
    }
};
} // namespace

class TstChatFlow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void usersSearchFindsByPrefix();
    void openPrivateReachesBothUsers();
    void everyDeviceReceivesEveryMessageOnceInPtsOrder();
    void historyPagesAscending();
    void unreadCountsFollowReads();
    void deliveredAndReadReachTheOtherSide();
    void logsStayContiguousWithoutDuplicates();
    void devicesListAndRevoke();
    void logOutClosesAndInvalidatesToken();

private:
    QList<Device *> allDevices() { return {&m_a1, &m_a2, &m_b1, &m_b2}; }
    bool isAlice(const Device *d) const { return d == &m_a1 || d == &m_a2; }
    QCborMap chatSummary(TestClient &client);
    void verifyLog(Device &device, const char *name);

    ServerProcess m_server;
    Device m_a1, m_a2, m_b1, m_b2;
    qint64 m_aliceId = 0;
    qint64 m_bobId = 0;
    qint64 m_chatId = 0;
    QList<protocol::Message> m_sent; // as answered to the sender, in send order
};

void TstChatFlow::initTestCase() {
    QVERIFY(m_server.start());
    auto login = [this](Device &d, const QString &user, const QString &device, bool signUp) {
        if (!d.client->connectTo(m_server.wsUrl()))
            return false;
        const QCborMap r = signUp ? d.client->signUp(user, kPassword, device)
                                  : d.client->logIn(user, kPassword, device);
        if (r.isEmpty()) {
            qWarning("%s failed: %s", qPrintable(device), qPrintable(d.client->lastErrorName()));
            return false;
        }
        d.startPts = r.value(L("pts")).toInteger();
        return true;
    };
    QVERIFY(login(m_a1, QStringLiteral("alice"), QStringLiteral("alice-laptop"), true));
    QVERIFY(login(m_b1, QStringLiteral("bob"), QStringLiteral("bob-laptop"), true));
    QVERIFY(login(m_a2, QStringLiteral("alice"), QStringLiteral("alice-phone"), false));
    QVERIFY(login(m_b2, QStringLiteral("bob"), QStringLiteral("bob-phone"), false));
    m_aliceId = m_a1.client->userId();
    m_bobId = m_b1.client->userId();
    QVERIFY(m_aliceId > 0);
    QVERIFY(m_bobId > 0);
    QVERIFY(m_aliceId != m_bobId);
    QCOMPARE(m_a2.client->userId(), m_aliceId);
    QCOMPARE(m_b2.client->userId(), m_bobId);
    QVERIFY(m_a1.client->deviceId() != m_a2.client->deviceId());
    QCOMPARE(int(m_a1.client->token().size()), protocol::kTokenChars);
    QVERIFY(m_a1.client->token() != m_a2.client->token());
}

void TstChatFlow::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

void TstChatFlow::usersSearchFindsByPrefix() {
    auto usernames = [](const QCborMap &r) {
        QStringList names;
        for (const auto &v : r.value(L("users")).toArray())
            names << v.toMap().value(L("username")).toString();
        return names;
    };
    QCborMap r = m_a1.client->call(m::UsersSearch, {{L("query"), QStringLiteral("bo")}});
    QVERIFY2(!m_a1.client->lastError(), qPrintable(m_a1.client->lastErrorName()));
    QCOMPARE(usernames(r), QStringList{QStringLiteral("bob")});
    QCOMPARE(r.value(L("users")).toArray().at(0).toMap().value(L("id")).toInteger(), m_bobId);

    r = m_b1.client->call(m::UsersSearch, {{L("query"), QStringLiteral("ali")}});
    QCOMPARE(usernames(r), QStringList{QStringLiteral("alice")});

    r = m_b1.client->call(m::UsersSearch, {{L("query"), QStringLiteral("zed")}});
    QVERIFY(!m_b1.client->lastError());
    QVERIFY(usernames(r).isEmpty());
}

void TstChatFlow::openPrivateReachesBothUsers() {
    const QCborMap r = m_a1.client->call(m::ChatsOpenPrivate, {{L("userId"), m_bobId}});
    QVERIFY2(!m_a1.client->lastError(), qPrintable(m_a1.client->lastErrorName()));
    const auto chat = protocol::Chat::fromCbor(r.value(L("chat")).toMap());
    QVERIFY(chat);
    QCOMPARE(chat->kind, protocol::ChatKind::Private);
    QVERIFY(chat->title.isEmpty());
    QCOMPARE(QSet<qint64>(chat->memberIds.begin(), chat->memberIds.end()),
             (QSet<qint64>{m_aliceId, m_bobId}));
    m_chatId = chat->id;

    // Opening it from the other side returns the same chat, creating nothing.
    const QCborMap again = m_b1.client->call(m::ChatsOpenPrivate, {{L("userId"), m_aliceId}});
    QCOMPARE(again.value(L("chat")).toMap().value(L("id")).toInteger(), m_chatId);

    for (Device *d : allDevices()) {
        QVERIFY(d->waitFor(L("newChat"), 1));
        const auto update = d->ofType(L("newChat")).first().update;
        QCOMPARE(update.value(L("chat")).toMap().value(L("id")).toInteger(), m_chatId);
    }
}

void TstChatFlow::everyDeviceReceivesEveryMessageOnceInPtsOrder() {
    // Rounds in which every device sends one message, so both directions interleave.
    constexpr int kRounds = 5;
    QHash<qint64, qint64> senderPts; // message id -> pts in the sender's result
    for (int round = 0; round < kRounds; ++round) {
        for (Device *d : allDevices()) {
            const qint64 randomId = newRandomId();
            const QString text =
                QStringLiteral("round %1 from device %2").arg(round).arg(d->client->deviceId());
            const QCborMap r = d->client->call(
                m::MessagesSend,
                {{L("chatId"), m_chatId}, {L("randomId"), randomId}, {L("text"), text}});
            QVERIFY2(!d->client->lastError(), qPrintable(d->client->lastErrorName()));
            QCOMPARE(r.value(L("duplicate")).toBool(), false);
            const auto msg = protocol::Message::fromCbor(r.value(L("message")).toMap());
            QVERIFY(msg);
            QCOMPARE(msg->text, text);
            QCOMPARE(msg->chatId, m_chatId);
            QCOMPARE(msg->senderId, d->client->userId());
            QCOMPARE(msg->randomId, randomId);
            QVERIFY(m_sent.isEmpty() || msg->id > m_sent.last().id);
            m_sent.append(*msg);
            senderPts.insert(msg->id, r.value(L("pts")).toInteger());
        }
    }

    const int total = int(m_sent.size());
    for (Device *d : allDevices()) {
        QVERIFY2(d->waitFor(L("newMessage"), total), qPrintable(QString::number(d->log.size())));
        const QList<protocol::Message> got = newMessages(d->log);
        QCOMPARE(got.size(), total);
        for (int i = 0; i < total; ++i) {
            // Same order as sent (the sends were sequential), same content.
            QCOMPARE(got[i].id, m_sent[i].id);
            QCOMPARE(got[i].text, m_sent[i].text);
            QCOMPARE(got[i].senderId, m_sent[i].senderId);
            const bool ownMessage = m_sent[i].senderId == d->client->userId();
            // randomId only travels to the sender's own devices.
            QCOMPARE(got[i].randomId, ownMessage ? m_sent[i].randomId : 0);
        }
        // The pts a sender got in its result is where the message sits in its log.
        for (const auto &f : d->ofType(L("newMessage"))) {
            const qint64 id = f.update.value(L("message")).toMap().value(L("id")).toInteger();
            const auto it = std::find_if(m_sent.begin(), m_sent.end(),
                                         [id](const auto &msg) { return msg.id == id; });
            if (it->senderId == d->client->userId())
                QCOMPARE(f.pts, senderPts.value(id));
        }
    }
    for (Device *d : allDevices()) {
        verifyLog(*d, "after messages");
        if (QTest::currentTestFailed())
            return;
    }
}

void TstChatFlow::historyPagesAscending() {
    for (Device *d : {&m_a2, &m_b1}) {
        bool ascending = false;
        const QList<protocol::Message> history = fetchHistory(*d->client, m_chatId, 7, &ascending);
        QVERIFY2(!d->client->lastError(), qPrintable(d->client->lastErrorName()));
        QVERIFY(ascending);
        QCOMPARE(history.size(), m_sent.size());
        for (int i = 0; i < history.size(); ++i) {
            QCOMPARE(history[i].id, m_sent[i].id);
            QCOMPARE(history[i].text, m_sent[i].text);
        }
    }
    // A single page is the newest `limit` messages, ascending.
    const QCborMap r = m_a1.client->call(
        m::MessagesHistory, {{L("chatId"), m_chatId}, {L("beforeId"), 0}, {L("limit"), 3}});
    const auto page = messagesOf(r.value(L("messages")).toArray());
    QCOMPARE(page.size(), 3);
    QCOMPARE(page[0].id, m_sent[m_sent.size() - 3].id);
    QCOMPARE(page[2].id, m_sent.last().id);
}

QCborMap TstChatFlow::chatSummary(TestClient &client) {
    const QCborMap r = client.call(m::ChatsList);
    for (const auto &v : r.value(L("chats")).toArray()) {
        const QCborMap summary = v.toMap();
        if (summary.value(L("chat")).toMap().value(L("id")).toInteger() == m_chatId)
            return summary;
    }
    return {};
}

void TstChatFlow::unreadCountsFollowReads() {
    auto count = [this](qint64 senderId, qint64 afterId) {
        return std::count_if(m_sent.begin(), m_sent.end(), [&](const protocol::Message &msg) {
            return msg.senderId == senderId && msg.id > afterId;
        });
    };
    const QCborMap bobs = chatSummary(*m_b1.client);
    QVERIFY(!bobs.isEmpty());
    QCOMPARE(bobs.value(L("readInboxMaxId")).toInteger(), 0);
    QCOMPARE(bobs.value(L("unreadCount")).toInteger(), count(m_aliceId, 0));
    QCOMPARE(bobs.value(L("lastMessage")).toMap().value(L("id")).toInteger(), m_sent.last().id);
    const QCborMap alices = chatSummary(*m_a2.client);
    QCOMPARE(alices.value(L("unreadCount")).toInteger(), count(m_bobId, 0));
}

void TstChatFlow::deliveredAndReadReachTheOtherSide() {
    qint64 lastFromAlice = 0;
    qint64 midFromAlice = 0;
    int seen = 0;
    for (const auto &msg : m_sent) {
        if (msg.senderId != m_aliceId)
            continue;
        lastFromAlice = msg.id;
        if (++seen == 4)
            midFromAlice = msg.id;
    }
    QVERIFY(midFromAlice > 0 && lastFromAlice > midFromAlice);

    // Bob's phone stored everything: Alice's devices see "delivered".
    m_b2.client->call(m::MessagesReceived, {{L("chatId"), m_chatId}, {L("maxId"), lastFromAlice}});
    QVERIFY2(!m_b2.client->lastError(), qPrintable(m_b2.client->lastErrorName()));
    for (Device *d : {&m_a1, &m_a2}) {
        QVERIFY(d->waitFor(L("delivered"), 1));
        const QCborMap u = d->ofType(L("delivered")).last().update;
        QCOMPARE(u.value(L("chatId")).toInteger(), m_chatId);
        QCOMPARE(u.value(L("maxId")).toInteger(), lastFromAlice);
    }

    // Bob reads half on his laptop: Alice sees readOutbox, Bob's phone sees readInbox.
    const QCborMap r =
        m_b1.client->call(m::MessagesRead, {{L("chatId"), m_chatId}, {L("maxId"), midFromAlice}});
    QVERIFY2(!m_b1.client->lastError(), qPrintable(m_b1.client->lastErrorName()));
    QVERIFY(r.value(L("pts")).toInteger() > 0);
    for (Device *d : {&m_a1, &m_a2}) {
        QVERIFY(d->waitFor(L("readOutbox"), 1));
        const QCborMap u = d->ofType(L("readOutbox")).last().update;
        QCOMPARE(u.value(L("chatId")).toInteger(), m_chatId);
        QCOMPARE(u.value(L("maxId")).toInteger(), midFromAlice);
    }
    QVERIFY(m_b2.waitFor(L("readInbox"), 1));
    QCOMPARE(m_b2.ofType(L("readInbox")).last().update.value(L("maxId")).toInteger(), midFromAlice);

    // chats.list reflects it on both sides.
    const auto unreadAfter = std::count_if(m_sent.begin(), m_sent.end(), [&](const auto &msg) {
        return msg.senderId == m_aliceId && msg.id > midFromAlice;
    });
    QCborMap bobs = chatSummary(*m_b2.client);
    QCOMPARE(bobs.value(L("readInboxMaxId")).toInteger(), midFromAlice);
    QCOMPARE(bobs.value(L("unreadCount")).toInteger(), unreadAfter);
    const QCborMap alices = chatSummary(*m_a1.client);
    QCOMPARE(alices.value(L("readOutboxMaxId")).toInteger(), midFromAlice);
    QCOMPARE(alices.value(L("deliveredMaxId")).toInteger(), lastFromAlice);

    // Reading backwards is accepted and changes nothing.
    m_b1.client->call(m::MessagesRead, {{L("chatId"), m_chatId}, {L("maxId"), 1}});
    QVERIFY2(!m_b1.client->lastError(), qPrintable(m_b1.client->lastErrorName()));
    bobs = chatSummary(*m_b2.client);
    QCOMPARE(bobs.value(L("readInboxMaxId")).toInteger(), midFromAlice);
    QCOMPARE(bobs.value(L("unreadCount")).toInteger(), unreadAfter);
}

void TstChatFlow::logsStayContiguousWithoutDuplicates() {
    // A round trip per device guarantees every earlier push has arrived before the check.
    for (Device *d : allDevices()) {
        d->client->call(m::Ping);
        QVERIFY(!d->client->lastError());
        verifyLog(*d, "final");
        if (QTest::currentTestFailed())
            return;
        // Exactly one newChat and one newMessage per message, nothing duplicated late.
        QCOMPARE(d->ofType(L("newChat")).size(), 1);
        QCOMPARE(d->ofType(L("newMessage")).size(), m_sent.size());
    }
    // The log position a device reports is the last pts it was pushed.
    for (Device *d : allDevices()) {
        const QCborMap state = d->client->call(m::UpdatesGetState);
        QCOMPARE(state.value(L("pts")).toInteger(), d->log.last().pts);
    }
}

void TstChatFlow::verifyLog(Device &device, const char *name) {
    device.collect();
    qint64 expected = device.startPts + 1;
    for (const auto &f : device.log) {
        QVERIFY2(f.pts == expected, qPrintable(QStringLiteral("%1: pts %2, expected %3")
                                                   .arg(QLatin1StringView(name))
                                                   .arg(f.pts)
                                                   .arg(expected)));
        ++expected;
    }
    QSet<qint64> ids;
    for (const auto &msg : newMessages(device.log)) {
        QVERIFY2(!ids.contains(msg.id), "a message arrived twice");
        ids.insert(msg.id);
    }
}

void TstChatFlow::devicesListAndRevoke() {
    QCborMap r = m_a1.client->call(m::DevicesList);
    QVERIFY2(!m_a1.client->lastError(), qPrintable(m_a1.client->lastErrorName()));
    QList<protocol::Device> devices;
    for (const auto &v : r.value(L("devices")).toArray()) {
        const auto dev = protocol::Device::fromCbor(v.toMap());
        QVERIFY(dev);
        devices.append(*dev);
    }
    QCOMPARE(devices.size(), 2);
    const auto current =
        std::find_if(devices.begin(), devices.end(), [](const auto &dev) { return dev.current; });
    QVERIFY(current != devices.end());
    QCOMPARE(current->id, m_a1.client->deviceId());
    QCOMPARE(current->name, QStringLiteral("alice-laptop"));
    QCOMPARE(
        std::count_if(devices.begin(), devices.end(), [](const auto &dev) { return dev.current; }),
        1);

    const QString phoneToken = m_a2.client->token();
    r = m_a1.client->call(m::DevicesRevoke, {{L("deviceId"), m_a2.client->deviceId()}});
    QVERIFY2(!m_a1.client->lastError(), qPrintable(m_a1.client->lastErrorName()));
    QCOMPARE(m_a2.client->waitForClose(), int(protocol::CloseRevoked));

    TestClient again;
    QVERIFY(again.connectTo(m_server.wsUrl()));
    QVERIFY(!again.resume(phoneToken));
    QCOMPARE(again.lastErrorName(), QStringLiteral("UNAUTHORIZED"));

    r = m_a1.client->call(m::DevicesList);
    QCOMPARE(r.value(L("devices")).toArray().size(), 1);
    // The laptop keeps working.
    QVERIFY(!m_a1.client->call(m::Ping).value(L("time")).isUndefined());
}

void TstChatFlow::logOutClosesAndInvalidatesToken() {
    const QString token = m_b2.client->token();
    m_b2.client->call(m::LogOut);
    QVERIFY2(!m_b2.client->lastError(), qPrintable(m_b2.client->lastErrorName()));
    QCOMPARE(m_b2.client->waitForClose(), int(protocol::CloseRevoked));

    TestClient again;
    QVERIFY(again.connectTo(m_server.wsUrl()));
    QVERIFY(!again.resume(token));
    QCOMPARE(again.lastErrorName(), QStringLiteral("UNAUTHORIZED"));

    const QCborMap r = m_b1.client->call(m::DevicesList);
    QCOMPARE(r.value(L("devices")).toArray().size(), 1);
    // The other token of the same account still resumes.
    TestClient laptop;
    QVERIFY(laptop.connectTo(m_server.wsUrl()));
    QVERIFY(laptop.resume(m_b1.client->token()));
    QCOMPARE(laptop.userId(), m_bobId);
}

QTEST_GUILESS_MAIN(TstChatFlow)
#include "tst_chat_flow.moc"
