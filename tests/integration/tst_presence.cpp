// Presence through the real server (docs/protocol.md §17.3): a user is online while a device
// of theirs is connected; when the last one closes, presence.get gives the moment as their last
// seen and the peers of their private chats are told by a push without pts, at most one per
// user per kPresencePushIntervalMs; the privacy setting (§14) turns the answer into a bucket for
// those it excludes, and a user who hides their own last seen sees only buckets of others
// (Telegram's reciprocity); bad requests get their typed errors.
#include "protocol/api/api.h"
#include "protocol/api/presence.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The userStatus pushes among `frames`; one with a pts (logged) fails the comparison.
QList<api::UserStatus> statusPushes(const QList<protocol::UpdateFrame> &frames) {
    QList<api::UserStatus> pushes;
    for (const protocol::UpdateFrame &f : frames) {
        if (f.update.value(QStringLiteral("type")).toString() != protocol::UserStatusUpdate::type)
            continue;
        if (f.pts != 0)
            return {};
        QString why;
        if (const auto u = protocol::UserStatusUpdate::fromFields(f.update, &why))
            pushes.append(u->status);
    }
    return pushes;
}

//! The first status push about `userId` to `client` within 12 s (two push windows); nullopt
//! when none came.
std::optional<api::UserStatus> awaitPush(TestClient &client, qint64 userId) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 12'000) {
        for (const api::UserStatus &s : statusPushes(client.takeUpdates()))
            if (s.userId == userId)
                return s;
        client.waitForUpdates(1, int(12'000 - timer.elapsed()));
    }
    return std::nullopt;
}

std::optional<api::UserStatus> statusOf(TestClient &viewer, qint64 userId) {
    const auto r = viewer.call(api::GetPresence{{userId}});
    if (!r.ok() || r.value->statuses.size() != 1)
        return std::nullopt;
    return r.value->statuses.first();
}

api::UserStatus bucket(qint64 userId, api::LastSeenBucket b) {
    api::UserStatus s;
    s.userId = userId;
    s.lastSeen = b;
    return s;
}

api::UserStatus online(qint64 userId) {
    api::UserStatus s;
    s.userId = userId;
    s.online = true;
    return s;
}
} // namespace

class TstPresence : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aConnectedUserIsOnline();
    void theLastCloseIsTheLastSeenAndIsPushedOncePerWindow();
    void nobodyGivesABucketAndHidesOthersTimes();
    void contactsOnlyShowsTheTimeToContacts();
    void aBlockedViewerSeesLongAgo();
    void anIdleDeviceDoesNotCountAsOnline();
    void badRequestsAreRefused();

private:
    std::unique_ptr<TestClient> device(const QString &user, bool signUp);
    void setPrivacy(TestClient &client, api::LastSeenPrivacy privacy);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol, m_dave;
};

std::unique_ptr<TestClient> TstPresence::device(const QString &user, bool signUp) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    const QCborMap r = signUp ? client->signUp(user, kPassword, QStringLiteral("phone"))
                              : client->logIn(user, kPassword, QStringLiteral("phone"));
    return r.isEmpty() ? nullptr : std::move(client);
}

void TstPresence::setPrivacy(TestClient &client, api::LastSeenPrivacy privacy) {
    const auto set = client.call(api::SetLastSeenPrivacy{privacy});
    QVERIFY(set.ok());
    QCOMPARE(set.value->profile.privacy, privacy);
}

void TstPresence::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = device(QStringLiteral("alice"), true);
    m_bob = device(QStringLiteral("bob"), true);
    m_carol = device(QStringLiteral("carol"), true);
    m_dave = device(QStringLiteral("dave"), true);
    QVERIFY(m_alice && m_bob && m_carol && m_dave);
    // alice and bob share a private chat; alice and carol are contacts; dave is a stranger.
    MSGR_VERIFY_OK(m_alice->call(api::OpenPrivateChat{m_bob->userId()}));
    MSGR_VERIFY_OK(m_alice->call(api::InviteContact{QStringLiteral("carol")}));
    MSGR_VERIFY_OK(m_carol->call(api::AcceptContact{m_alice->userId()}));
}

void TstPresence::aConnectedUserIsOnline() {
    QCOMPARE(statusOf(*m_bob, m_alice->userId()), online(m_alice->userId()));
    QCOMPARE(statusOf(*m_dave, m_alice->userId()), online(m_alice->userId()));
    // Several at once, in the order asked; an unknown id is left out.
    const auto many = m_dave->call(api::GetPresence{{m_carol->userId(), 999'999, m_bob->userId()}});
    MSGR_VERIFY_OK(many);
    QCOMPARE(many.value->statuses,
             (QList<api::UserStatus>{online(m_carol->userId()), online(m_bob->userId())}));
}

void TstPresence::theLastCloseIsTheLastSeenAndIsPushedOncePerWindow() {
    // Erin's sign-up is her first status change (its push went to nobody: she had no chats),
    // so the next one waits for the end of that window.
    QElapsedTimer sinceOnline;
    sinceOnline.start();
    std::unique_ptr<TestClient> erin = device(QStringLiteral("erin"), true);
    QVERIFY(erin);
    const qint64 erinId = erin->userId();
    MSGR_VERIFY_OK(erin->call(api::OpenPrivateChat{m_bob->userId()}));
    m_bob->takeUpdates();

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    erin->close();
    erin.reset();
    // The server knows at once, without waiting for its batched write.
    std::optional<api::UserStatus> asked;
    QTRY_VERIFY_WITH_TIMEOUT((asked = statusOf(*m_bob, erinId)) && !asked->online, 5000);
    QVERIFY(asked->lastSeenAt);
    QVERIFY(*asked->lastSeenAt >= before - 1000); // the server's clock, on this machine
    QVERIFY(*asked->lastSeenAt <= QDateTime::currentMSecsSinceEpoch() + 1000);

    // Bob, her peer, is told: not before the window of her sign-up's push ended.
    const std::optional<api::UserStatus> pushed = awaitPush(*m_bob, erinId);
    QVERIFY(pushed);
    QCOMPARE(*pushed, *asked);
    QVERIFY2(sinceOnline.elapsed() >= api::kPresencePushIntervalMs - 100,
             qPrintable(QString::number(sinceOnline.elapsed())));
    // Dave shares nothing with her: told nothing (the ping's answer comes after any push).
    MSGR_VERIFY_OK(m_dave->call(api::Ping{}));
    QVERIFY(statusPushes(m_dave->takeUpdates()).isEmpty());

    // Back online: pushed too, and asked.
    erin = device(QStringLiteral("erin"), false);
    QVERIFY(erin);
    const std::optional<api::UserStatus> back = awaitPush(*m_bob, erinId);
    QVERIFY(back);
    QCOMPARE(*back, online(erinId));
    QCOMPARE(statusOf(*m_bob, erinId), online(erinId));
}

void TstPresence::nobodyGivesABucketAndHidesOthersTimes() {
    setPrivacy(*m_carol, api::LastSeenPrivacy::Nobody);
    // Online or not, others see "recently", her contact alice included.
    QCOMPARE(statusOf(*m_dave, m_carol->userId()),
             bucket(m_carol->userId(), api::LastSeenBucket::Recently));
    QCOMPARE(statusOf(*m_alice, m_carol->userId()),
             bucket(m_carol->userId(), api::LastSeenBucket::Recently));
    // She sees her own status; and, hiding hers, only buckets of others (Telegram's rule),
    // in profiles too.
    QCOMPARE(statusOf(*m_carol, m_carol->userId()), online(m_carol->userId()));
    QCOMPARE(statusOf(*m_carol, m_bob->userId()),
             bucket(m_bob->userId(), api::LastSeenBucket::Recently));
    const auto profiles = m_carol->call(api::GetProfiles{{m_bob->userId()}});
    MSGR_VERIFY_OK(profiles);
    QCOMPARE(profiles.value->profiles.size(), 1);
    QVERIFY(!profiles.value->profiles.first().lastSeenAt);
    QCOMPARE(profiles.value->profiles.first().lastSeen, api::LastSeenBucket::Recently);
    setPrivacy(*m_carol, api::LastSeenPrivacy::Everybody);
    QCOMPARE(statusOf(*m_carol, m_bob->userId()), online(m_bob->userId()));
}

void TstPresence::contactsOnlyShowsTheTimeToContacts() {
    setPrivacy(*m_carol, api::LastSeenPrivacy::Contacts);
    QCOMPARE(statusOf(*m_alice, m_carol->userId()), online(m_carol->userId()));
    QCOMPARE(statusOf(*m_dave, m_carol->userId()),
             bucket(m_carol->userId(), api::LastSeenBucket::Recently));
    // Reciprocity: her contact's time she sees, a stranger's not.
    QCOMPARE(statusOf(*m_carol, m_alice->userId()), online(m_alice->userId()));
    QCOMPARE(statusOf(*m_carol, m_dave->userId()),
             bucket(m_dave->userId(), api::LastSeenBucket::Recently));
    setPrivacy(*m_carol, api::LastSeenPrivacy::Everybody);
}

void TstPresence::aBlockedViewerSeesLongAgo() {
    MSGR_VERIFY_OK(m_bob->call(api::SetBlocked{m_dave->userId(), true}));
    QCOMPARE(statusOf(*m_dave, m_bob->userId()),
             bucket(m_bob->userId(), api::LastSeenBucket::LongAgo));
    MSGR_VERIFY_OK(m_bob->call(api::SetBlocked{m_dave->userId(), false}));
    QCOMPARE(statusOf(*m_dave, m_bob->userId()), online(m_bob->userId()));
}

void TstPresence::anIdleDeviceDoesNotCountAsOnline() {
    std::unique_ptr<TestClient> phone = device(QStringLiteral("frank"), true);
    QVERIFY(phone);
    const qint64 frankId = phone->userId();
    QCOMPARE(statusOf(*m_bob, frankId), online(frankId));

    // The app went to the background: offline, the moment it said so is the last seen.
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    MSGR_VERIFY_OK(phone->call(api::SetPresence{false}));
    const std::optional<api::UserStatus> idle = statusOf(*m_bob, frankId);
    QVERIFY(idle && !idle->online && idle->lastSeenAt);
    QVERIFY(*idle->lastSeenAt >= before - 1000);
    MSGR_VERIFY_OK(phone->call(api::SetPresence{false})); // again: nothing changes
    QCOMPARE(statusOf(*m_bob, frankId), idle);

    // Another device in use keeps him online; idle too, he is not.
    std::unique_ptr<TestClient> laptop = device(QStringLiteral("frank"), false);
    QVERIFY(laptop);
    QCOMPARE(statusOf(*m_bob, frankId), online(frankId));
    MSGR_VERIFY_OK(laptop->call(api::SetPresence{false}));
    QVERIFY(!statusOf(*m_bob, frankId)->online);
    // Closing an idle connection changes nothing; the phone in use again is online.
    laptop.reset();
    MSGR_VERIFY_OK(phone->call(api::SetPresence{true}));
    QCOMPARE(statusOf(*m_bob, frankId), online(frankId));

    // The argument is required.
    QVERIFY(phone->call(QLatin1StringView("presence.set"), QCborMap{}).isEmpty());
    QCOMPARE(phone->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstPresence::badRequestsAreRefused() {
    QList<qint64> tooMany;
    for (qint64 id = 1; id <= api::kMaxPresenceIds + 1; ++id)
        tooMany.append(id);
    QVERIFY(!m_dave->call(api::GetPresence{tooMany}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("TOO_LARGE"));
    tooMany.removeLast(); // exactly the limit is answered
    MSGR_VERIFY_OK(m_dave->call(api::GetPresence{tooMany}));
    QVERIFY(!m_dave->call(api::GetPresence{{0}}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QVERIFY(!m_dave->call(api::GetPresence{{}}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    m_dave->call(QLatin1StringView("presence.get"), QCborMap{});
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    // Before log-in: UNAUTHORIZED, as every method but the auth ones.
    TestClient anonymous;
    QVERIFY(anonymous.connectTo(m_server.wsUrl()));
    QVERIFY(!anonymous.call(api::GetPresence{{m_bob->userId()}}).ok());
    QCOMPARE(anonymous.lastErrorName(), QStringLiteral("UNAUTHORIZED"));
}

QTEST_GUILESS_MAIN(TstPresence)
#include "tst_presence.moc"
