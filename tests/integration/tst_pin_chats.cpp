// Pinned chats through the real server: a pin on one device reaches the user's other device
// live and in the difference, a new device learns the order from chats.listPinned, the sixth
// pin is refused with LIMIT_EXCEEDED, another user's pins are their own, and the order
// survives a restart of the server.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The order a pinnedChats update carries.
QList<qint64> pinnedOrder(const protocol::UpdateFrame &frame) {
    const auto update = protocol::updateFromCbor(frame.update);
    if (!update || !std::holds_alternative<protocol::PinnedChatsUpdate>(*update))
        return {-1};
    return std::get<protocol::PinnedChatsUpdate>(*update).chatIds;
}
} // namespace

class TstPinChats : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aPinReachesTheOtherDeviceLiveAndInTheDifference();
    void theSixthPinIsRefused();
    void aNewDeviceAndARestartedServerKeepTheOrder();

private:
    std::unique_ptr<TestClient> device(const QString &user, bool signUp, const QString &name);
    QList<qint64> listPinned(TestClient &client);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_phone, m_laptop, m_peer;
    QList<qint64> m_chats; // alice's chats with peer0..peer5
    QList<qint64> m_order; // alice's pinned order as last answered
};

std::unique_ptr<TestClient> TstPinChats::device(const QString &user, bool signUp,
                                                const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    const QCborMap r =
        signUp ? client->signUp(user, kPassword, name) : client->logIn(user, kPassword, name);
    return r.isEmpty() ? nullptr : std::move(client);
}

QList<qint64> TstPinChats::listPinned(TestClient &client) {
    const auto reply = client.call(api::ListPinnedChats{});
    return reply.ok() ? reply.value->chatIds : QList<qint64>{-1};
}

void TstPinChats::initTestCase() {
    QVERIFY(m_server.start());
    m_phone = device(QStringLiteral("alice"), true, QStringLiteral("phone"));
    QVERIFY(m_phone);
    m_laptop = device(QStringLiteral("alice"), false, QStringLiteral("laptop"));
    QVERIFY(m_laptop);
    for (int i = 0; i <= api::kMaxPinnedChats; ++i) {
        auto peer = device(QStringLiteral("peer%1").arg(i), true, QStringLiteral("p"));
        QVERIFY(peer);
        const auto opened = m_phone->call(api::OpenPrivateChat{peer->userId()});
        MSGR_VERIFY_OK(opened);
        m_chats.append(opened.value->chat.id);
        if (i == 0)
            m_peer = std::move(peer);
    }
    m_laptop->takeUpdates();
}

void TstPinChats::aPinReachesTheOtherDeviceLiveAndInTheDifference() {
    const auto state = m_laptop->call(api::GetState{});
    MSGR_VERIFY_OK(state);

    auto first = m_phone->call(api::SetChatPinned{m_chats[0], true});
    MSGR_VERIFY_OK(first);
    auto second = m_phone->call(api::SetChatPinned{m_chats[1], true});
    MSGR_VERIFY_OK(second);
    m_order = {m_chats[1], m_chats[0]}; // most recently pinned first
    QCOMPARE(second.value->chatIds, m_order);

    // Live: the laptop is pushed both changes in pts order, the last carrying the order.
    QVERIFY(m_laptop->waitForUpdates(2));
    const QList<protocol::UpdateFrame> live =
        updatesOfType(m_laptop->takeUpdates(), L("pinnedChats"));
    QCOMPARE(live.size(), 2);
    QCOMPARE(pinnedOrder(live.first()), QList<qint64>{m_chats[0]});
    QCOMPARE(pinnedOrder(live.last()), m_order);
    QCOMPARE(live.last().pts, second.value->pts);

    // After the fact: the difference holds the same two changes.
    const auto diff = m_laptop->call(api::GetDifference{state.value->pts, 100});
    MSGR_VERIFY_OK(diff);
    QCOMPARE(diff.value->updates.size(), 2);
    QCOMPARE(std::get<protocol::PinnedChatsUpdate>(diff.value->updates.last().update).chatIds,
             m_order);
    QCOMPARE(diff.value->pts, second.value->pts);

    // Another user's pins are their own, and the peer was told nothing.
    QCOMPARE(listPinned(*m_peer), QList<qint64>{});
    QVERIFY(updatesOfType(m_peer->takeUpdates(), L("pinnedChats")).isEmpty());
}

void TstPinChats::theSixthPinIsRefused() {
    for (int i = 2; i < api::kMaxPinnedChats; ++i) {
        const auto pinned = m_phone->call(api::SetChatPinned{m_chats[i], true});
        MSGR_VERIFY_OK(pinned);
        m_order.prepend(m_chats[i]);
    }
    // The laptop's updates for these pins travel on their own: they are awaited before being
    // set aside, or a late one would count among the live changes below.
    const int pinnedHere = api::kMaxPinnedChats - 2;
    QVERIFY(m_laptop->waitForUpdates(pinnedHere));
    QCOMPARE(updatesOfType(m_laptop->takeUpdates(), L("pinnedChats")).size(), pinnedHere);
    const auto sixth = m_phone->call(api::SetChatPinned{m_chats.last(), true});
    QVERIFY(!sixth.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("LIMIT_EXCEEDED"));
    QVERIFY2(sixth.error.message.contains(QStringLiteral("at most 5")),
             qPrintable(sixth.error.message));
    QCOMPARE(listPinned(*m_phone), m_order);

    // Unpinning one makes room; the laptop sees both changes live, the last with the new order.
    MSGR_VERIFY_OK(m_phone->call(api::SetChatPinned{m_chats[0], false}));
    const auto retried = m_phone->call(api::SetChatPinned{m_chats.last(), true});
    MSGR_VERIFY_OK(retried);
    m_order.removeAll(m_chats[0]);
    m_order.prepend(m_chats.last());
    QCOMPARE(retried.value->chatIds, m_order);
    QVERIFY(m_laptop->waitForUpdates(2));
    const QList<protocol::UpdateFrame> live =
        updatesOfType(m_laptop->takeUpdates(), L("pinnedChats"));
    QCOMPARE(live.size(), 2);
    QCOMPARE(live.last().pts, retried.value->pts);
    QCOMPARE(pinnedOrder(live.last()), m_order);
}

void TstPinChats::aNewDeviceAndARestartedServerKeepTheOrder() {
    auto tablet = device(QStringLiteral("alice"), false, QStringLiteral("tablet"));
    QVERIFY(tablet);
    QCOMPARE(listPinned(*tablet), m_order);

    tablet.reset();
    m_phone.reset();
    m_laptop.reset();
    m_peer.reset();
    m_server.stop();
    QVERIFY(m_server.restart());
    auto again = device(QStringLiteral("alice"), false, QStringLiteral("phone"));
    QVERIFY(again);
    QCOMPARE(listPinned(*again), m_order);
}

QTEST_GUILESS_MAIN(TstPinChats)
#include "tst_pin_chats.moc"
