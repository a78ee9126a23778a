// Typing notices through the real server (docs/protocol.md §17): messages.setTyping reaches
// every live connection of the other members (both of the peer's devices, every member of a
// group) as a push without pts, never the sender's own devices, never the update log; a chat
// the caller is not in is NOT_FOUND, a block stops the notice, and the per-user bucket answers
// FLOOD_WAIT once spent.
#include "protocol/api/api.h"
#include "protocol/api/typing.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The typing pushes among `frames`; a frame with a pts or of another type is not one.
QList<protocol::TypingUpdate> typingPushes(const QList<protocol::UpdateFrame> &frames) {
    QList<protocol::TypingUpdate> pushes;
    for (const protocol::UpdateFrame &f : frames) {
        if (f.update.value(QStringLiteral("type")).toString() != protocol::TypingUpdate::type)
            continue;
        if (f.pts != 0)
            return {}; // logged: the test fails on the count
        QString why;
        if (const auto u = protocol::TypingUpdate::fromFields(f.update, &why))
            pushes.append(*u);
    }
    return pushes;
}
} // namespace

class TstTyping : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aNoticeReachesThePeersDevicesAndNotTheLog();
    void aGroupHearsEveryMemberButTheSender();
    void strangersAndBlocksHearNothing();
    void theBucketRunsOut();

private:
    std::unique_ptr<TestClient> device(const QString &user, bool signUp, const QString &name);
    qint64 pts(TestClient &client);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_aliceLaptop, m_bobPhone, m_bobLaptop, m_carol;
    qint64 m_chat = 0;  // alice and bob
    qint64 m_group = 0; // alice, bob and carol
};

std::unique_ptr<TestClient> TstTyping::device(const QString &user, bool signUp,
                                              const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    const QCborMap r =
        signUp ? client->signUp(user, kPassword, name) : client->logIn(user, kPassword, name);
    return r.isEmpty() ? nullptr : std::move(client);
}

qint64 TstTyping::pts(TestClient &client) {
    const auto state = client.call(api::GetState{});
    return state.ok() ? state.value->pts : -1;
}

void TstTyping::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = device(QStringLiteral("alice"), true, QStringLiteral("phone"));
    QVERIFY(m_alice);
    m_aliceLaptop = device(QStringLiteral("alice"), false, QStringLiteral("laptop"));
    QVERIFY(m_aliceLaptop);
    m_bobPhone = device(QStringLiteral("bob"), true, QStringLiteral("phone"));
    QVERIFY(m_bobPhone);
    m_bobLaptop = device(QStringLiteral("bob"), false, QStringLiteral("laptop"));
    QVERIFY(m_bobLaptop);
    m_carol = device(QStringLiteral("carol"), true, QStringLiteral("phone"));
    QVERIFY(m_carol);
    const auto opened = m_alice->call(api::OpenPrivateChat{m_bobPhone->userId()});
    MSGR_VERIFY_OK(opened);
    m_chat = opened.value->chat.id;
    const auto group = m_alice->call(
        api::CreateGroup{77, QStringLiteral("Trip"), {m_bobPhone->userId(), m_carol->userId()}});
    MSGR_VERIFY_OK(group);
    m_group = group.value->chat.id;
    for (TestClient *c :
         {m_alice.get(), m_aliceLaptop.get(), m_bobPhone.get(), m_bobLaptop.get(), m_carol.get()})
        c->takeUpdates();
}

void TstTyping::aNoticeReachesThePeersDevicesAndNotTheLog() {
    const qint64 bobPts = pts(*m_bobPhone);
    const auto started = m_alice->call(api::SetTyping{m_chat, true});
    MSGR_VERIFY_OK(started);
    for (TestClient *bob : {m_bobPhone.get(), m_bobLaptop.get()}) {
        QVERIFY(bob->waitForUpdates(1));
        const QList<protocol::TypingUpdate> pushes = typingPushes(bob->takeUpdates());
        QCOMPARE(pushes.size(), 1);
        QCOMPARE(pushes[0], (protocol::TypingUpdate{m_chat, m_alice->userId(), true}));
    }
    const auto stopped = m_alice->call(api::SetTyping{m_chat, false});
    MSGR_VERIFY_OK(stopped);
    QVERIFY(m_bobLaptop->waitForUpdates(1));
    QCOMPARE(typingPushes(m_bobLaptop->takeUpdates()),
             (QList<protocol::TypingUpdate>{{m_chat, m_alice->userId(), false}}));
    // Nothing was logged: bob's pts did not move, and alice's own devices heard nothing (a
    // ping answered after the notices proves the laptop's pushes would have arrived by now).
    QCOMPARE(pts(*m_bobPhone), bobPts);
    const auto pong = m_aliceLaptop->call(api::Ping{});
    MSGR_VERIFY_OK(pong);
    QCOMPARE(m_aliceLaptop->pendingUpdates(), 0);
    m_bobPhone->takeUpdates();
}

void TstTyping::aGroupHearsEveryMemberButTheSender() {
    const auto started = m_carol->call(api::SetTyping{m_group, true});
    MSGR_VERIFY_OK(started);
    for (TestClient *member : {m_alice.get(), m_aliceLaptop.get(), m_bobPhone.get()}) {
        QVERIFY(member->waitForUpdates(1));
        QCOMPARE(typingPushes(member->takeUpdates()),
                 (QList<protocol::TypingUpdate>{{m_group, m_carol->userId(), true}}));
    }
    const auto pong = m_carol->call(api::Ping{});
    MSGR_VERIFY_OK(pong);
    QCOMPARE(m_carol->pendingUpdates(), 0);
    m_bobLaptop->takeUpdates();
}

void TstTyping::strangersAndBlocksHearNothing() {
    // Carol is not in alice and bob's chat: refused as for a chat that does not exist.
    const auto stranger = m_carol->call(api::SetTyping{m_chat, true});
    QVERIFY(!stranger.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto missing = m_carol->call(api::SetTyping{m_chat + 1000, true});
    QVERIFY(!missing.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));

    // Bob blocks alice: her notice is answered but relayed to nobody.
    const auto blocked = m_bobPhone->call(api::SetBlocked{m_alice->userId(), true});
    MSGR_VERIFY_OK(blocked);
    m_alice->takeUpdates();
    m_aliceLaptop->takeUpdates();
    m_bobLaptop->takeUpdates();
    m_bobPhone->takeUpdates();
    const auto typed = m_alice->call(api::SetTyping{m_chat, true});
    MSGR_VERIFY_OK(typed);
    const auto pong = m_bobLaptop->call(api::Ping{});
    MSGR_VERIFY_OK(pong);
    QCOMPARE(typingPushes(m_bobLaptop->takeUpdates()).size(), 0);
    const auto unblocked = m_bobPhone->call(api::SetBlocked{m_alice->userId(), false});
    MSGR_VERIFY_OK(unblocked);
}

void TstTyping::theBucketRunsOut() {
    // A fresh user: the bucket (AuthLimits::typingBurst = 10) is full. Eleven at once: the
    // eleventh is FLOOD_WAIT with the time until the next token (2 s at 30 a minute).
    auto dave = device(QStringLiteral("dave"), true, QStringLiteral("phone"));
    QVERIFY(dave);
    const auto opened = dave->call(api::OpenPrivateChat{m_carol->userId()});
    MSGR_VERIFY_OK(opened);
    for (int i = 0; i < 10; ++i) {
        const auto ok = dave->call(api::SetTyping{opened.value->chat.id, i % 2 == 0});
        MSGR_VERIFY_OK(ok);
    }
    const auto refused = dave->call(api::SetTyping{opened.value->chat.id, true});
    QVERIFY(!refused.ok());
    QCOMPARE(dave->lastErrorName(), QStringLiteral("FLOOD_WAIT"));
    QVERIFY(dave->lastError()->retryAfterMs > 0);
    QVERIFY(dave->lastError()->retryAfterMs <= 2'000);
    // Another user's bucket is their own.
    const auto carol = m_carol->call(api::SetTyping{opened.value->chat.id, true});
    MSGR_VERIFY_OK(carol);
}

QTEST_GUILESS_MAIN(TstTyping)
#include "tst_typing.moc"
