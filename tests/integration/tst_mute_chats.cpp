// Muted chats through the real server: a mute on one device reaches the user's other device
// live and in the difference; a timed mute ends at the time the server counts, not the
// client's; a chat the user is not in cannot be muted; repeating a mute or an unmute logs
// nothing; another user's mutes are their own; a new device and a restarted server keep them.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QDateTime>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The mute a chatMuted update carries ({-1, -1} for anything else).
api::ChatMute carried(const protocol::UpdateFrame &frame) {
    const auto update = protocol::updateFromCbor(frame.update);
    if (!update || !std::holds_alternative<protocol::ChatMutedUpdate>(*update))
        return {-1, -1};
    const auto &muted = std::get<protocol::ChatMutedUpdate>(*update);
    return {muted.chatId, muted.mutedUntil};
}
} // namespace

class TstMuteChats : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aMuteReachesTheOtherDeviceLiveAndInTheDifference();
    void aTimedMuteEndsWhenTheServerCounts();
    void repeatingChangesNothingAndStrangersAreRefused();
    void aNewDeviceAndARestartedServerKeepTheMutes();

private:
    std::unique_ptr<TestClient> device(const QString &user, bool signUp, const QString &name);
    QList<api::ChatMute> listMuted(TestClient &client);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_phone, m_laptop, m_bob, m_carol;
    qint64 m_withBob = 0, m_withCarol = 0, m_bobAndCarol = 0;
    qint64 m_hourMuteEnd = 0;
};

std::unique_ptr<TestClient> TstMuteChats::device(const QString &user, bool signUp,
                                                 const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    const QCborMap r =
        signUp ? client->signUp(user, kPassword, name) : client->logIn(user, kPassword, name);
    return r.isEmpty() ? nullptr : std::move(client);
}

QList<api::ChatMute> TstMuteChats::listMuted(TestClient &client) {
    const auto reply = client.call(api::ListMutedChats{});
    return reply.ok() ? reply.value->chats : QList<api::ChatMute>{{-1, -1}};
}

void TstMuteChats::initTestCase() {
    QVERIFY(m_server.start());
    m_phone = device(QStringLiteral("alice"), true, QStringLiteral("phone"));
    QVERIFY(m_phone);
    m_laptop = device(QStringLiteral("alice"), false, QStringLiteral("laptop"));
    QVERIFY(m_laptop);
    m_bob = device(QStringLiteral("bob"), true, QStringLiteral("b"));
    QVERIFY(m_bob);
    m_carol = device(QStringLiteral("carol"), true, QStringLiteral("c"));
    QVERIFY(m_carol);
    const auto withBob = m_phone->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(withBob);
    m_withBob = withBob.value->chat.id;
    const auto withCarol = m_phone->call(api::OpenPrivateChat{m_carol->userId()});
    MSGR_VERIFY_OK(withCarol);
    m_withCarol = withCarol.value->chat.id;
    const auto bobAndCarol = m_bob->call(api::OpenPrivateChat{m_carol->userId()});
    MSGR_VERIFY_OK(bobAndCarol);
    m_bobAndCarol = bobAndCarol.value->chat.id;
    m_laptop->takeUpdates();
}

void TstMuteChats::aMuteReachesTheOtherDeviceLiveAndInTheDifference() {
    const auto state = m_laptop->call(api::GetState{});
    MSGR_VERIFY_OK(state);

    const auto mutedForever = m_phone->call(api::SetChatMuted{m_withBob, true, 0});
    MSGR_VERIFY_OK(mutedForever);
    QCOMPARE(mutedForever.value->mute.chatId, m_withBob);
    QCOMPARE(mutedForever.value->mute.mutedUntil, api::kMutedForever);

    // Live: the laptop is pushed the change with its pts.
    QVERIFY(m_laptop->waitForUpdates(1));
    const QList<protocol::UpdateFrame> live =
        updatesOfType(m_laptop->takeUpdates(), L("chatMuted"));
    QCOMPARE(live.size(), 1);
    QCOMPARE(carried(live.first()).chatId, m_withBob);
    QCOMPARE(carried(live.first()).mutedUntil, api::kMutedForever);
    QCOMPARE(live.first().pts, mutedForever.value->pts);

    // After the fact: the difference holds it too.
    const auto diff = m_laptop->call(api::GetDifference{state.value->pts, 100});
    MSGR_VERIFY_OK(diff);
    QCOMPARE(diff.value->updates.size(), 1);
    const auto &logged = std::get<protocol::ChatMutedUpdate>(diff.value->updates.first().update);
    QCOMPARE(logged.chatId, m_withBob);
    QCOMPARE(logged.mutedUntil, api::kMutedForever);

    // The user's own setting: bob, in the same chat, hears everything and was told nothing.
    QCOMPARE(listMuted(*m_bob), QList<api::ChatMute>{});
    QVERIFY(updatesOfType(m_bob->takeUpdates(), L("chatMuted")).isEmpty());
    QCOMPARE(listMuted(*m_laptop), (QList<api::ChatMute>{{m_withBob, api::kMutedForever}}));
}

void TstMuteChats::aTimedMuteEndsWhenTheServerCounts() {
    // The client asks for an hour; the server adds it to its own clock (the test runs on the
    // same machine, so the two clocks agree within the call).
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const auto hour = m_phone->call(api::SetChatMuted{m_withCarol, true, 3600});
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    MSGR_VERIFY_OK(hour);
    m_hourMuteEnd = hour.value->mute.mutedUntil;
    QVERIFY2(m_hourMuteEnd >= before + 3'600'000 && m_hourMuteEnd <= after + 3'600'000,
             qPrintable(QString::number(m_hourMuteEnd - before)));
    QCOMPARE(listMuted(*m_phone),
             (QList<api::ChatMute>{{m_withBob, api::kMutedForever}, {m_withCarol, m_hourMuteEnd}}));

    // Below a minute or past a year is not a choice any client offers.
    QVERIFY(!m_phone->call(api::SetChatMuted{m_withCarol, true, 30}).ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QVERIFY(!m_phone->call(api::SetChatMuted{m_withCarol, true, api::kMaxMuteSeconds + 1}).ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QCOMPARE(listMuted(*m_phone).last().mutedUntil, m_hourMuteEnd); // refused: unchanged
}

void TstMuteChats::repeatingChangesNothingAndStrangersAreRefused() {
    m_laptop->takeUpdates();
    const auto state = m_phone->call(api::GetState{});
    MSGR_VERIFY_OK(state);

    // Muting forever what is muted forever, and unmuting what is not muted: the same pts.
    const auto again = m_phone->call(api::SetChatMuted{m_withBob, true, 0});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->pts, state.value->pts);
    const auto stranger = device(QStringLiteral("dave"), true, QStringLiteral("d"));
    QVERIFY(stranger);
    const auto opened = m_phone->call(api::OpenPrivateChat{stranger->userId()});
    MSGR_VERIFY_OK(opened);
    const auto afterOpen = m_phone->call(api::GetState{});
    MSGR_VERIFY_OK(afterOpen);
    const auto unmuteNone = m_phone->call(api::SetChatMuted{opened.value->chat.id, false, 0});
    MSGR_VERIFY_OK(unmuteNone);
    QCOMPARE(unmuteNone.value->pts, afterOpen.value->pts);
    QCOMPARE(unmuteNone.value->mute.mutedUntil, qint64(0));

    // A chat alice is not in: the same NOT_FOUND as one that does not exist.
    QVERIFY(!m_phone->call(api::SetChatMuted{m_bobAndCarol, true, 0}).ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_phone->call(api::SetChatMuted{m_bobAndCarol + 1000, true, 0}).ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("NOT_FOUND"));

    // Unmuting is logged and reaches the laptop.
    const auto unmuted = m_phone->call(api::SetChatMuted{m_withBob, false, 0});
    MSGR_VERIFY_OK(unmuted);
    QVERIFY(unmuted.value->pts > afterOpen.value->pts);
    QVERIFY(m_laptop->waitForUpdates(1));
    const QList<protocol::UpdateFrame> live =
        updatesOfType(m_laptop->takeUpdates(), L("chatMuted"));
    QCOMPARE(live.size(), 1);
    QCOMPARE(carried(live.first()).chatId, m_withBob);
    QCOMPARE(carried(live.first()).mutedUntil, qint64(0));
    QCOMPARE(listMuted(*m_laptop), (QList<api::ChatMute>{{m_withCarol, m_hourMuteEnd}}));
}

void TstMuteChats::aNewDeviceAndARestartedServerKeepTheMutes() {
    MSGR_VERIFY_OK(m_phone->call(api::SetChatMuted{m_withBob, true, 0}));
    const QList<api::ChatMute> expected{{m_withBob, api::kMutedForever},
                                        {m_withCarol, m_hourMuteEnd}};
    auto tablet = device(QStringLiteral("alice"), false, QStringLiteral("tablet"));
    QVERIFY(tablet);
    QCOMPARE(listMuted(*tablet), expected);

    tablet.reset();
    m_phone.reset();
    m_laptop.reset();
    m_bob.reset();
    m_carol.reset();
    m_server.stop();
    QVERIFY(m_server.restart());
    auto again = device(QStringLiteral("alice"), false, QStringLiteral("phone"));
    QVERIFY(again);
    QCOMPARE(listMuted(*again), expected);
}

QTEST_GUILESS_MAIN(TstMuteChats)
#include "tst_mute_chats.moc"
