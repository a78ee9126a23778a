// Supergroups through the real server (docs/protocol.md §23): a member writes with
// messages.send and every online member has it live as a channelUpdate, outside their account
// log; a member cannot remove others, an admin removes plain members only, and a removed member
// gets nothing more; a message in a supergroup of 10,000 members writes the same number of
// rows as in one of three (the server's own counter, /metrics); a member offline for 1,000
// messages catches up through the supergroup's own difference in pages; upgrading a group keeps
// its members and roles, points the group at the supergroup and the group refuses new
// messages; the member list comes in pages, with roles, to members only; a public supergroup
// is found by channels.search and joined without an invite; malformed requests get their typed
// errors.
#include "protocol/api/api.h"
#include "tests/integration/supergroup_seed.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <functional>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The texts of the messages pushed live on a supergroup's log (`channelUpdate`, no pts).
QStringList liveTexts(const QList<protocol::UpdateFrame> &frames, qint64 chatId) {
    QStringList out;
    for (const auto &frame : updatesOfType(frames, L("channelUpdate"))) {
        const auto push = protocol::ChannelUpdatePush::fromCbor(frame.update);
        if (frame.pts != 0 || !push || push->channelId != chatId)
            continue;
        const auto update = protocol::updateFromCbor(push->update);
        if (update && std::holds_alternative<protocol::NewMessageUpdate>(*update)) {
            const auto &message = std::get<protocol::NewMessageUpdate>(*update).message;
            if (!message.action)
                out.append(message.text);
        }
    }
    return out;
}

//! Takes `client`'s updates (into `taken`) until they satisfy `seen`: false after 10 s.
bool takeUntil(TestClient &client,
               const std::function<bool(const QList<protocol::UpdateFrame> &)> &seen,
               QList<protocol::UpdateFrame> *taken = nullptr) {
    QList<protocol::UpdateFrame> all;
    const bool ok = QTest::qWaitFor(
        [&] {
            all += client.takeUpdates();
            return seen(all);
        },
        10'000);
    if (taken)
        *taken = all;
    return ok;
}

bool hasLive(const QList<protocol::UpdateFrame> &frames, qint64 chatId, const QString &text) {
    return liveTexts(frames, chatId).contains(text);
}

//! (messages, rows) of /metrics' channel-log counters, which count supergroup messages too.
std::pair<qint64, qint64> postCounters(const QUrl &httpUrl) {
    QNetworkAccessManager nam;
    QUrl url = httpUrl;
    url.setPath(QStringLiteral("/metrics"));
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10'000))
        return {-1, -1};
    const QString text = QString::fromUtf8(reply->readAll());
    auto value = [&text](const char *name) {
        const QRegularExpression line(QStringLiteral("^%1 (\\d+)$").arg(QLatin1String(name)),
                                      QRegularExpression::MultilineOption);
        const auto match = line.match(text);
        return match.hasMatch() ? match.captured(1).toLongLong() : -1;
    };
    return {value("msgr_channel_posts_total"), value("msgr_channel_post_rows_total")};
}
} // namespace

class TstSupergroups : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void membersWriteAndOnlyManagersRemove();
    void aMessageWritesAsManyRowsForTenThousandMembersAsForThree();
    void anOfflineMemberCatchesUpOnAThousandMessagesInPages();
    void upgradeKeepsMembersAndRolesAndTheGroupTakesNoMore();
    void theMemberListComesInPagesWithRoles();
    void aPublicSupergroupIsFoundAndJoinedWithoutAnInvite();
    void malformedRequestsGetTypedErrors();

private:
    std::unique_ptr<TestClient> user(const QString &name);
    std::unique_ptr<TestClient> resumed(const TestClient &of);
    std::unique_ptr<TestClient> byToken(ServerProcess &server, const QString &token);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol, m_dave;
    qint64 m_chat = 0;
};

std::unique_ptr<TestClient> TstSupergroups::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword).isEmpty() ? nullptr : std::move(client);
}

std::unique_ptr<TestClient> TstSupergroups::resumed(const TestClient &of) {
    return byToken(m_server, of.token());
}

std::unique_ptr<TestClient> TstSupergroups::byToken(ServerProcess &server, const QString &token) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(server.wsUrl()) || !client->resume(token))
        return nullptr;
    return client;
}

void TstSupergroups::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    m_dave = user(QStringLiteral("dave"));
    QVERIFY(m_alice && m_bob && m_carol && m_dave);
}

void TstSupergroups::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

void TstSupergroups::membersWriteAndOnlyManagersRemove() {
    const auto created = m_alice->call(api::CreateSupergroup{
        21, QStringLiteral("  Crew  "), {m_bob->userId(), m_carol->userId(), m_bob->userId()}});
    MSGR_VERIFY_OK(created);
    const api::Channel &chat = created.value->channel;
    m_chat = chat.id;
    QVERIFY(chat.megagroup);
    QCOMPARE(chat.title, QStringLiteral("Crew"));
    QCOMPARE(chat.subscriberCount, 3);
    QCOMPARE(chat.ownerId, m_alice->userId());
    QCOMPARE(chat.role, std::optional(api::ChannelRole::Owner));
    // A retry answers the same supergroup.
    const auto retry =
        m_alice->call(api::CreateSupergroup{21, QStringLiteral("Crew"), {m_bob->userId()}});
    MSGR_VERIFY_OK(retry);
    QCOMPARE(retry.value->channel.id, m_chat);
    QVERIFY(m_carol->waitForUpdates(1)); // channelSubscription in carol's own log
    m_carol->takeUpdates();
    const auto carolState = m_carol->call(api::GetState{});
    MSGR_VERIFY_OK(carolState);

    // A plain member writes with messages.send; the answer's pts is the supergroup's.
    const auto sent = m_bob->call(api::SendMessage{m_chat, 500, QStringLiteral("hi all")});
    MSGR_VERIFY_OK(sent);
    QCOMPARE(sent.value->pts, 2); // 1 is the opening service message
    QCOMPARE(sent.value->message.chatId, m_chat);
    QList<protocol::UpdateFrame> carolLive;
    QVERIFY(takeUntil(
        *m_carol, [&](const auto &f) { return hasLive(f, m_chat, QStringLiteral("hi all")); },
        &carolLive));
    QCOMPARE(liveTexts(carolLive, m_chat), QStringList{QStringLiteral("hi all")});
    // Carol's account log did not move for it.
    const auto carolAfter = m_carol->call(api::GetState{});
    MSGR_VERIFY_OK(carolAfter);
    QCOMPARE(carolAfter.value->pts, carolState.value->pts);
    // A resend is the same message.
    const auto again = m_bob->call(api::SendMessage{m_chat, 500, QStringLiteral("hi all")});
    MSGR_VERIFY_OK(again);
    QVERIFY(again.value->duplicate);
    QCOMPARE(again.value->message.id, sent.value->message.id);

    // Outsiders cannot write or read: the id answers as nothing.
    QVERIFY(!m_dave->call(api::SendMessage{m_chat, 501, QStringLiteral("let me in")}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_dave->call(api::GetChannelDifference{m_chat, 0, 100}).ok());
    QCOMPARE(m_dave->lastErrorName(), QStringLiteral("NOT_FOUND"));

    // A member removes nobody and adds nobody; an admin removes plain members, not admins.
    QVERIFY(!m_bob->call(api::RemoveSupergroupMember{m_chat, m_carol->userId()}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_bob->call(api::AddChannelSubscribers{m_chat, {m_dave->userId()}}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    MSGR_VERIFY_OK(m_alice->call(api::AddChannelSubscribers{m_chat, {m_dave->userId()}}));
    MSGR_VERIFY_OK(
        m_alice->call(api::SetChannelRole{m_chat, m_bob->userId(), api::ChannelRole::Admin}));
    MSGR_VERIFY_OK(
        m_alice->call(api::SetChannelRole{m_chat, m_dave->userId(), api::ChannelRole::Admin}));
    QVERIFY(!m_bob->call(api::RemoveSupergroupMember{m_chat, m_dave->userId()}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_bob->call(api::RemoveSupergroupMember{m_chat, m_alice->userId()}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    m_carol->takeUpdates();
    const auto removed = m_bob->call(api::RemoveSupergroupMember{m_chat, m_carol->userId()});
    MSGR_VERIFY_OK(removed);
    QCOMPARE(removed.value->channel.subscriberCount, 3);
    // Carol's own log says she is out (no role)...
    QList<protocol::UpdateFrame> carolUpdates;
    QVERIFY(takeUntil(
        *m_carol,
        [](const auto &f) { return !updatesOfType(f, L("channelSubscription")).isEmpty(); },
        &carolUpdates));
    const auto subscription = updatesOfType(carolUpdates, L("channelSubscription"));
    QCOMPARE(subscription.size(), 1);
    QVERIFY(!subscription.first().update.value(L("channel")).toMap().contains(L("role")));
    // ...and she hears, reads and writes nothing more of it.
    MSGR_VERIFY_OK(m_alice->call(api::SendMessage{m_chat, 502, QStringLiteral("after carol")}));
    QVERIFY(takeUntil(
        *m_bob, [&](const auto &f) { return hasLive(f, m_chat, QStringLiteral("after carol")); }));
    MSGR_VERIFY_OK(m_carol->call(api::Ping{})); // answered after the push would have been
    QVERIFY(liveTexts(m_carol->takeUpdates(), m_chat).isEmpty());
    QVERIFY(!m_carol->call(api::GetChannelDifference{m_chat, 0, 100}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_carol->call(api::SendMessage{m_chat, 503, QStringLiteral("still here?")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));

    // The history shows who was removed, as a group's does.
    const auto history = m_alice->call(api::GetChannelHistory{m_chat, 0, 50});
    MSGR_VERIFY_OK(history);
    bool sawRemoval = false;
    for (const auto &m : history.value->messages)
        sawRemoval |= m.action && m.action->kind == protocol::ActionKind::MemberRemoved &&
                      m.action->userIds == QList<qint64>{m_carol->userId()};
    QVERIFY(sawRemoval);

    // The owner who leaves hands it to the admin who joined first.
    auto leaver = user(QStringLiteral("erin"));
    QVERIFY(leaver);
    const auto own = leaver->call(api::CreateSupergroup{22, QStringLiteral("Erin's"), {}});
    MSGR_VERIFY_OK(own);
    MSGR_VERIFY_OK(leaver->call(
        api::AddChannelSubscribers{own.value->channel.id, {m_bob->userId(), m_dave->userId()}}));
    MSGR_VERIFY_OK(leaver->call(
        api::SetChannelRole{own.value->channel.id, m_dave->userId(), api::ChannelRole::Admin}));
    MSGR_VERIFY_OK(leaver->call(api::UnsubscribeChannel{own.value->channel.id}));
    const auto after = m_bob->call(api::GetChannel{own.value->channel.id});
    MSGR_VERIFY_OK(after);
    QCOMPARE(after.value->channel.ownerId, m_dave->userId());
    QCOMPARE(after.value->channel.subscriberCount, 2);
    for (auto *c : {m_alice.get(), m_bob.get(), m_carol.get(), m_dave.get()})
        c->takeUpdates();
}

void TstSupergroups::aMessageWritesAsManyRowsForTenThousandMembersAsForThree() {
    // A server of its own, its database written before it starts (supergroup_seed.h).
    ServerProcess server;
    QString error;
    const SeededSupergroup small =
        seedSupergroup(server.dataDir(), QStringLiteral("small"), 2, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const SeededSupergroup big =
        seedSupergroup(server.dataDir(), QStringLiteral("big"), 10'000, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(server.start());
    auto smallMember = byToken(server, small.memberToken);
    auto bigMember = byToken(server, big.memberToken);
    auto bigOwner = byToken(server, big.ownerToken);
    QVERIFY(smallMember && bigMember && bigOwner);
    const auto bigChat = bigOwner->call(api::GetChannel{big.chatId});
    MSGR_VERIFY_OK(bigChat);
    QCOMPARE(bigChat.value->channel.subscriberCount, 10'001);

    auto rowsOfOneMessage = [&](TestClient &member, qint64 chatId, qint64 randomId) -> qint64 {
        const auto [messages0, rows0] = postCounters(server.httpUrl());
        if (!member.call(api::SendMessage{chatId, randomId, QStringLiteral("x")}).ok())
            return -1;
        const auto [messages1, rows1] = postCounters(server.httpUrl());
        return messages1 == messages0 + 1 ? rows1 - rows0 : -2;
    };
    const qint64 three = rowsOfOneMessage(*smallMember, small.chatId, 1001);
    const qint64 tenThousand = rowsOfOneMessage(*bigMember, big.chatId, 1002);
    // message, log entry, log state (the message id sequence comes from the store writer's
    // memory and is written once per batch: server/store/writer_memory.h)
    QCOMPARE(three, 3);
    QCOMPARE(tenThousand, three);
    // The owner, online, has it live.
    QVERIFY(takeUntil(*bigOwner,
                      [&](const auto &f) { return hasLive(f, big.chatId, QStringLiteral("x")); }));
}

void TstSupergroups::anOfflineMemberCatchesUpOnAThousandMessagesInPages() {
    // Eight members write 125 apiece over two connections each: within every request and write
    // bucket (docs/protocol.md §1), so all of it goes out at once, pipelined.
    QList<qint64> writers;
    std::vector<std::unique_ptr<TestClient>> members;
    for (int i = 0; i < 8; ++i) {
        members.push_back(user(QStringLiteral("writer%1").arg(i)));
        QVERIFY(members.back());
        writers.append(members.back()->userId());
    }
    const auto created = m_alice->call(
        api::CreateSupergroup{23, QStringLiteral("Chatty"), writers + QList{m_dave->userId()}});
    MSGR_VERIFY_OK(created);
    const qint64 chat = created.value->channel.id;
    const qint64 davePts = created.value->channel.pts;
    const QString daveToken = m_dave->token();
    m_dave->close();
    m_dave.reset();

    std::vector<std::unique_ptr<TestClient>> posters;
    for (auto &member : members) {
        for (int c = 0; c < 2; ++c) {
            posters.push_back(resumed(*member));
            QVERIFY(posters.back());
        }
    }
    QList<QPair<TestClient *, qint64>> sent;
    for (size_t c = 0; c < posters.size(); ++c) {
        const int count = c % 2 == 0 ? 63 : 62; // 125 per member
        for (int i = 0; i < count; ++i) {
            sent.append({posters[c].get(), posters[c]->sendRequest(api::SendMessage{
                                               chat, qint64(c) * 1000 + i + 7000,
                                               QStringLiteral("msg %1-%2").arg(c).arg(i)})});
        }
    }
    QCOMPARE(sent.size(), 1000);
    for (const auto &[client, id] : sent) {
        QVERIFY(client->waitForAnswer(id));
        MSGR_VERIFY_OK(client->takeResultAs<api::SendResult>(id));
    }

    // Dave comes back: his account log has nothing of it; the supergroup's log has it all.
    m_dave = std::make_unique<TestClient>();
    QVERIFY(m_dave->connectTo(m_server.wsUrl()) && m_dave->resume(daveToken));
    const auto list = m_dave->call(api::ListChannels{});
    MSGR_VERIFY_OK(list);
    qint64 chatPts = -1;
    for (const auto &c : list.value->channels) {
        if (c.id == chat) {
            QVERIFY(c.megagroup);
            chatPts = c.pts;
        }
    }
    QCOMPARE(chatPts, davePts + 1000);
    qint64 pts = davePts;
    int pages = 0;
    int messages = 0;
    for (bool final = false; !final; ++pages) {
        const auto page = m_dave->call(api::GetChannelDifference{chat, pts, 100});
        MSGR_VERIFY_OK(page);
        QVERIFY(!page.value->tooLong);
        for (const auto &logged : page.value->updates) {
            QCOMPARE(logged.pts, pts + 1);
            pts = logged.pts;
            if (std::holds_alternative<protocol::NewMessageUpdate>(logged.update))
                ++messages;
        }
        final = page.value->final;
        QVERIFY(pages < 30);
    }
    QCOMPARE(pts, chatPts);
    QCOMPARE(messages, 1000);
    QVERIFY(pages >= 10);
    for (auto &poster : posters)
        poster->takeUpdates();
    m_alice->takeUpdates();
}

void TstSupergroups::upgradeKeepsMembersAndRolesAndTheGroupTakesNoMore() {
    const auto group = m_alice->call(
        api::CreateGroup{31, QStringLiteral("Old crew"), {m_bob->userId(), m_carol->userId()}});
    MSGR_VERIFY_OK(group);
    const qint64 groupId = group.value->chat.id;
    MSGR_VERIFY_OK(
        m_alice->call(api::SetGroupRole{groupId, m_bob->userId(), api::GroupRole::Admin}));
    MSGR_VERIFY_OK(m_carol->call(api::SendMessage{groupId, 3100, QStringLiteral("before")}));

    // Only the owner upgrades.
    QVERIFY(!m_bob->call(api::UpgradeGroup{groupId}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    m_carol->takeUpdates();
    const auto upgraded = m_alice->call(api::UpgradeGroup{groupId});
    MSGR_VERIFY_OK(upgraded);
    const api::Channel &sg = upgraded.value->channel;
    QVERIFY(sg.megagroup);
    QVERIFY(sg.id != groupId);
    QCOMPARE(sg.title, QStringLiteral("Old crew"));
    QCOMPARE(sg.ownerId, m_alice->userId());
    QCOMPARE(sg.adminIds, QList<qint64>{m_bob->userId()});
    QCOMPARE(sg.subscriberCount, 3);
    // A retry answers the same supergroup.
    const auto retry = m_alice->call(api::UpgradeGroup{groupId});
    MSGR_VERIFY_OK(retry);
    QCOMPARE(retry.value->channel.id, sg.id);

    // Carol's log: the group points at the supergroup, its history says so, and she is in it.
    QVERIFY(takeUntil(*m_carol, [&](const auto &frames) {
        for (const auto &f : updatesOfType(frames, L("chatChanged"))) {
            if (f.update.value(L("chat")).toMap().value(L("migratedTo")).toInteger() == sg.id)
                return true;
        }
        return false;
    }));
    const auto carolView = m_carol->call(api::GetChannel{sg.id});
    MSGR_VERIFY_OK(carolView);
    QCOMPARE(carolView.value->channel.role, std::optional(api::ChannelRole::Subscriber));
    const auto groupHistory = m_carol->call(api::GetHistory{groupId, 0, 10});
    MSGR_VERIFY_OK(groupHistory);
    const protocol::Message last = groupHistory.value->messages.last();
    QVERIFY(last.action);
    QCOMPARE(last.action->kind, protocol::ActionKind::UpgradedTo);
    QCOMPARE(last.action->chatId, sg.id);

    // The old group takes no new messages and no changes; the supergroup takes them.
    QVERIFY(!m_carol->call(api::SendMessage{groupId, 3101, QStringLiteral("old place")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_alice->call(api::SetGroupTitle{groupId, QStringLiteral("again")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("FORBIDDEN"));
    MSGR_VERIFY_OK(m_carol->call(api::SendMessage{sg.id, 3102, QStringLiteral("new place")}));
    // Bob, an admin of the group, is one of the supergroup and removes a member.
    MSGR_VERIFY_OK(m_bob->call(api::RemoveSupergroupMember{sg.id, m_carol->userId()}));
    for (auto *c : {m_alice.get(), m_bob.get(), m_carol.get()})
        c->takeUpdates();
}

void TstSupergroups::theMemberListComesInPagesWithRoles() {
    // 450 members besides the owner, written before the server starts (supergroup_seed.h).
    ServerProcess server;
    QString error;
    const SeededSupergroup crowd =
        seedSupergroup(server.dataDir(), QStringLiteral("crowd"), 450, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(server.start());
    auto owner = byToken(server, crowd.ownerToken);
    auto member = byToken(server, crowd.memberToken);
    QVERIFY(owner && member);
    const qint64 memberId = member->userId();
    MSGR_VERIFY_OK(
        owner->call(api::SetChannelRole{crowd.chatId, memberId, api::ChannelRole::Admin}));

    // A plain member pages through all of them: 200 + 200 + 51, ascending, each once.
    QList<api::SupergroupMember> all;
    QList<bool> finals;
    qint64 after = 0;
    for (int page = 0; page < 5; ++page) {
        const auto got = member->call(api::GetSupergroupMembers{crowd.chatId, after, 200});
        MSGR_VERIFY_OK(got);
        all += got.value->members;
        finals.append(got.value->final);
        if (got.value->final)
            break;
        QVERIFY(!got.value->members.isEmpty());
        after = got.value->members.last().userId;
    }
    QCOMPARE(finals, (QList<bool>{false, false, true}));
    QCOMPARE(all.size(), 451);
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all[i - 1].userId < all[i].userId);
    const qint64 ownerId = owner->userId();
    auto roleOf = [&all](qint64 userId) {
        for (const auto &m : all)
            if (m.userId == userId)
                return std::optional(m.role);
        return std::optional<api::ChannelRole>();
    };
    QCOMPARE(roleOf(ownerId), std::optional(api::ChannelRole::Owner));
    QCOMPARE(roleOf(memberId), std::optional(api::ChannelRole::Admin));
    qsizetype plain = 0;
    for (const auto &m : all)
        plain += m.role == api::ChannelRole::Subscriber ? 1 : 0;
    QCOMPARE(plain, 449);
    // A page past the last member is empty and final.
    const auto past = member->call(api::GetSupergroupMembers{crowd.chatId, all.last().userId, 10});
    MSGR_VERIFY_OK(past);
    QVERIFY(past.value->members.isEmpty());
    QVERIFY(past.value->final);

    // Someone who is not in it learns nothing, not even that it exists.
    auto outsider = std::make_unique<TestClient>();
    QVERIFY(outsider->connectTo(server.wsUrl()));
    QVERIFY(!outsider->signUp(QStringLiteral("outsider"), kPassword).isEmpty());
    QVERIFY(!outsider->call(api::GetSupergroupMembers{crowd.chatId, 0, 10}).ok());
    QCOMPARE(outsider->lastErrorName(), QStringLiteral("NOT_FOUND"));
    // A broadcast channel has subscribers, not a member list.
    const auto channel = owner->call(api::CreateChannel{31, QStringLiteral("News"), {}, {}});
    MSGR_VERIFY_OK(channel);
    QVERIFY(!owner->call(api::GetSupergroupMembers{channel.value->channel.id, 0, 10}).ok());
    QCOMPARE(owner->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstSupergroups::aPublicSupergroupIsFoundAndJoinedWithoutAnInvite() {
    const auto created = m_alice->call(api::CreateSupergroup{
        24, QStringLiteral("Open Crew"), {m_bob->userId()}, QStringLiteral("Open_Crew")});
    MSGR_VERIFY_OK(created);
    const api::Channel &chat = created.value->channel;
    QVERIFY(chat.megagroup);
    QCOMPARE(chat.name, QStringLiteral("open_crew"));
    // One namespace with public channels.
    QVERIFY(
        !m_bob
             ->call(api::CreateChannel{25, QStringLiteral("Copy"), {}, QStringLiteral("open_crew")})
             .ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("USERNAME_TAKEN"));
    QVERIFY(!m_bob
                 ->call(api::CreateSupergroup{
                     26, QStringLiteral("Copy"), {}, QStringLiteral("open_crew")})
                 .ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("USERNAME_TAKEN"));

    // Carol is in nothing of it and finds it by the channels' search, by name or title.
    auto carol = user(QStringLiteral("carol_public"));
    QVERIFY(carol);
    for (const QString &query : {QStringLiteral("@open_crew"), QStringLiteral("open crew")}) {
        const auto found = carol->call(api::SearchChannels{query, 10});
        MSGR_VERIFY_OK(found);
        QCOMPARE(found.value->channels.size(), 1);
        QCOMPARE(found.value->channels.first().id, chat.id);
        QVERIFY(found.value->channels.first().megagroup);
        QVERIFY(!found.value->channels.first().role);
    }
    // She is not a member until she joins: she cannot write.
    QVERIFY(!carol->call(api::SendMessage{chat.id, 600, QStringLiteral("hello?")}).ok());
    QCOMPARE(carol->lastErrorName(), QStringLiteral("FORBIDDEN"));
    const auto joined = carol->call(api::SubscribeChannel{chat.id});
    MSGR_VERIFY_OK(joined);
    QCOMPARE(joined.value->channel.role, std::optional(api::ChannelRole::Subscriber));
    QCOMPARE(joined.value->channel.subscriberCount, 3);
    MSGR_VERIFY_OK(carol->call(api::SendMessage{chat.id, 601, QStringLiteral("hello all")}));
    QVERIFY(takeUntil(
        *m_bob, [&](const auto &f) { return hasLive(f, chat.id, QStringLiteral("hello all")); }));
    // Her joining is in the history as a group's is, and she is in the member list.
    const auto history = m_alice->call(api::GetChannelHistory{chat.id, 0, 50});
    MSGR_VERIFY_OK(history);
    bool sawJoin = false;
    for (const auto &m : history.value->messages)
        sawJoin |= m.action && m.action->kind == protocol::ActionKind::MembersAdded &&
                   m.action->userIds == QList<qint64>{carol->userId()};
    QVERIFY(sawJoin);
    const auto members = m_bob->call(api::GetSupergroupMembers{chat.id, 0, 200});
    MSGR_VERIFY_OK(members);
    QCOMPARE(members.value->members.size(), 3);
    // A private supergroup cannot be joined: its id answers as nothing.
    const auto closed = m_alice->call(api::CreateSupergroup{27, QStringLiteral("Closed"), {}});
    MSGR_VERIFY_OK(closed);
    QVERIFY(!carol->call(api::SubscribeChannel{closed.value->channel.id}).ok());
    QCOMPARE(carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstSupergroups::malformedRequestsGetTypedErrors() {
    struct Case {
        QLatin1StringView method;
        QCborMap args;
        const char *code;
    };
    QCborArray tooMany;
    for (int i = 1; i <= api::kMaxSupergroupCreateUsers + 1; ++i)
        tooMany.append(i);
    const QList<Case> cases = {
        {protocol::method::SupergroupsCreate, {{L("randomId"), 1}}, "BAD_REQUEST"},
        {protocol::method::SupergroupsCreate,
         {{L("randomId"), 0}, {L("title"), QStringLiteral("t")}, {L("userIds"), QCborArray{}}},
         "BAD_REQUEST"},
        {protocol::method::SupergroupsCreate,
         {{L("randomId"), 2}, {L("title"), QStringLiteral("  ")}, {L("userIds"), QCborArray{}}},
         "BAD_REQUEST"},
        {protocol::method::SupergroupsCreate,
         {{L("randomId"), 2},
          {L("title"), QString(129, QLatin1Char('t'))},
          {L("userIds"), QCborArray{}}},
         "TOO_LARGE"},
        {protocol::method::SupergroupsCreate,
         {{L("randomId"), 2}, {L("title"), QStringLiteral("t")}, {L("userIds"), tooMany}},
         "TOO_LARGE"},
        {protocol::method::SupergroupsRemoveMember, {{L("chatId"), m_chat}}, "BAD_REQUEST"},
        {protocol::method::SupergroupsRemoveMember,
         {{L("chatId"), m_chat}, {L("userId"), m_alice->userId()}},
         "BAD_REQUEST"},
        {protocol::method::SupergroupsRemoveMember,
         {{L("chatId"), 999'999}, {L("userId"), 1}},
         "NOT_FOUND"},
        {protocol::method::GroupsUpgrade, {{L("chatId"), 0}}, "BAD_REQUEST"},
        {protocol::method::GroupsUpgrade, {{L("chatId"), m_chat}}, "NOT_FOUND"},
        {protocol::method::MessagesSend,
         {{L("chatId"), m_chat},
          {L("randomId"), 77},
          {L("text"), QStringLiteral("a")},
          {L("replyToId"), 1}},
         "BAD_REQUEST"}, // §23.8: message 1 is its opening service message: nothing to quote
    };
    for (const Case &c : cases) {
        m_alice->call(c.method, c.args);
        QCOMPARE(m_alice->lastErrorName(), QString::fromLatin1(c.code));
    }
}

QTEST_GUILESS_MAIN(TstSupergroups)
#include "tst_supergroups.moc"
