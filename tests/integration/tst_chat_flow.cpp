// Two users with two devices each chat through the real server: every device sees every
// message once and in order, history pages, delivery/read receipts, unread counts, device
// management and log-out behave as docs/protocol.md says.
#include "protocol/api/api.h"
#include "protocol/limits.h"
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
namespace api = msgr::protocol::api;
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
    std::optional<protocol::ChatSummary> chatSummary(TestClient &client);
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
    auto usernames = [](const api::Reply<api::UsersResult> &r) {
        QStringList names;
        for (const protocol::User &u : r.value ? r.value->users : QList<protocol::User>{})
            names << u.username;
        return names;
    };
    auto r = m_a1.client->call(api::SearchUsers{QStringLiteral("bo")});
    MSGR_VERIFY_OK(r);
    QCOMPARE(usernames(r), QStringList{QStringLiteral("bob")});
    QCOMPARE(r.value->users.at(0).id, m_bobId);

    r = m_b1.client->call(api::SearchUsers{QStringLiteral("ali")});
    QCOMPARE(usernames(r), QStringList{QStringLiteral("alice")});

    r = m_b1.client->call(api::SearchUsers{QStringLiteral("zed")});
    QVERIFY(r.ok());
    QVERIFY(usernames(r).isEmpty());
}

void TstChatFlow::openPrivateReachesBothUsers() {
    const auto r = m_a1.client->call(api::OpenPrivateChat{m_bobId});
    MSGR_VERIFY_OK(r);
    const protocol::Chat *chat = &r.value->chat;
    QCOMPARE(chat->kind, protocol::ChatKind::Private);
    QVERIFY(chat->title.isEmpty());
    QCOMPARE(QSet<qint64>(chat->memberIds.begin(), chat->memberIds.end()),
             (QSet<qint64>{m_aliceId, m_bobId}));
    m_chatId = chat->id;

    // Opening it from the other side returns the same chat, creating nothing.
    const auto again = m_b1.client->call(api::OpenPrivateChat{m_aliceId});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->chat.id, m_chatId);

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
            const auto r = d->client->call(api::SendMessage{m_chatId, randomId, text});
            MSGR_VERIFY_OK(r);
            QCOMPARE(r.value->duplicate, false);
            const protocol::Message *msg = &r.value->message;
            QCOMPARE(msg->text, text);
            QCOMPARE(msg->chatId, m_chatId);
            QCOMPARE(msg->senderId, d->client->userId());
            QCOMPARE(msg->randomId, randomId);
            QVERIFY(m_sent.isEmpty() || msg->id > m_sent.last().id);
            m_sent.append(*msg);
            senderPts.insert(msg->id, r.value->pts);
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
    const auto r = m_a1.client->call(api::GetHistory{m_chatId, 0, 3});
    MSGR_VERIFY_OK(r);
    const QList<protocol::Message> &page = r.value->messages;
    QCOMPARE(page.size(), 3);
    QCOMPARE(page[0].id, m_sent[m_sent.size() - 3].id);
    QCOMPARE(page[2].id, m_sent.last().id);
}

std::optional<protocol::ChatSummary> TstChatFlow::chatSummary(TestClient &client) {
    const auto r = client.call(api::ListChats{});
    if (!r.ok())
        return std::nullopt;
    for (const protocol::ChatSummary &summary : r.value->chats) {
        if (summary.chat.id == m_chatId)
            return summary;
    }
    return std::nullopt;
}

void TstChatFlow::unreadCountsFollowReads() {
    auto count = [this](qint64 senderId, qint64 afterId) {
        return std::count_if(m_sent.begin(), m_sent.end(), [&](const protocol::Message &msg) {
            return msg.senderId == senderId && msg.id > afterId;
        });
    };
    const auto bobs = chatSummary(*m_b1.client);
    QVERIFY(bobs);
    QCOMPARE(bobs->readInboxMaxId, 0);
    QCOMPARE(bobs->unreadCount, count(m_aliceId, 0));
    QVERIFY(bobs->lastMessage);
    QCOMPARE(bobs->lastMessage->id, m_sent.last().id);
    const auto alices = chatSummary(*m_a2.client);
    QVERIFY(alices);
    QCOMPARE(alices->unreadCount, count(m_bobId, 0));
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
    const auto received = m_b2.client->call(api::MarkReceived{m_chatId, lastFromAlice});
    MSGR_VERIFY_OK(received);
    for (Device *d : {&m_a1, &m_a2}) {
        QVERIFY(d->waitFor(L("delivered"), 1));
        const QCborMap u = d->ofType(L("delivered")).last().update;
        QCOMPARE(u.value(L("chatId")).toInteger(), m_chatId);
        QCOMPARE(u.value(L("maxId")).toInteger(), lastFromAlice);
    }

    // Bob reads half on his laptop: Alice sees readOutbox, Bob's phone sees readInbox.
    const auto r = m_b1.client->call(api::MarkRead{m_chatId, midFromAlice});
    MSGR_VERIFY_OK(r);
    QVERIFY(r.value->pts > 0);
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
    auto bobs = chatSummary(*m_b2.client);
    QVERIFY(bobs);
    QCOMPARE(bobs->readInboxMaxId, midFromAlice);
    QCOMPARE(bobs->unreadCount, unreadAfter);
    const auto alices = chatSummary(*m_a1.client);
    QVERIFY(alices);
    QCOMPARE(alices->readOutboxMaxId, midFromAlice);
    QCOMPARE(alices->deliveredMaxId, lastFromAlice);

    // Reading backwards is accepted and changes nothing.
    const auto backwards = m_b1.client->call(api::MarkRead{m_chatId, 1});
    MSGR_VERIFY_OK(backwards);
    bobs = chatSummary(*m_b2.client);
    QVERIFY(bobs);
    QCOMPARE(bobs->readInboxMaxId, midFromAlice);
    QCOMPARE(bobs->unreadCount, unreadAfter);
}

void TstChatFlow::logsStayContiguousWithoutDuplicates() {
    // A round trip per device guarantees every earlier push has arrived before the check.
    for (Device *d : allDevices()) {
        QVERIFY(d->client->call(api::Ping{}).ok());
        verifyLog(*d, "final");
        if (QTest::currentTestFailed())
            return;
        // Exactly one newChat and one newMessage per message, nothing duplicated late.
        QCOMPARE(d->ofType(L("newChat")).size(), 1);
        QCOMPARE(d->ofType(L("newMessage")).size(), m_sent.size());
    }
    // The log position a device reports is the last pts it was pushed.
    for (Device *d : allDevices()) {
        const auto state = d->client->call(api::GetState{});
        MSGR_VERIFY_OK(state);
        QCOMPARE(state.value->pts, d->log.last().pts);
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
    auto r = m_a1.client->call(api::ListDevices{});
    MSGR_VERIFY_OK(r);
    const QList<protocol::Device> devices = r.value->devices;
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
    const auto revoked = m_a1.client->call(api::RevokeDevice{m_a2.client->deviceId()});
    MSGR_VERIFY_OK(revoked);
    QCOMPARE(m_a2.client->waitForClose(), int(protocol::CloseRevoked));

    TestClient again;
    QVERIFY(again.connectTo(m_server.wsUrl()));
    QVERIFY(!again.resume(phoneToken));
    QCOMPARE(again.lastErrorName(), QStringLiteral("UNAUTHORIZED"));

    r = m_a1.client->call(api::ListDevices{});
    MSGR_VERIFY_OK(r);
    QCOMPARE(r.value->devices.size(), 1);
    // The laptop keeps working.
    QVERIFY(m_a1.client->call(api::Ping{}).ok());
}

void TstChatFlow::logOutClosesAndInvalidatesToken() {
    const QString token = m_b2.client->token();
    const auto loggedOut = m_b2.client->call(api::LogOut{});
    MSGR_VERIFY_OK(loggedOut);
    QCOMPARE(m_b2.client->waitForClose(), int(protocol::CloseRevoked));

    TestClient again;
    QVERIFY(again.connectTo(m_server.wsUrl()));
    QVERIFY(!again.resume(token));
    QCOMPARE(again.lastErrorName(), QStringLiteral("UNAUTHORIZED"));

    const auto r = m_b1.client->call(api::ListDevices{});
    MSGR_VERIFY_OK(r);
    QCOMPARE(r.value->devices.size(), 1);
    // The other token of the same account still resumes.
    TestClient laptop;
    QVERIFY(laptop.connectTo(m_server.wsUrl()));
    QVERIFY(laptop.resume(m_b1.client->token()));
    QCOMPARE(laptop.userId(), m_bobId);
}

QTEST_GUILESS_MAIN(TstChatFlow)
#include "tst_chat_flow.moc"
