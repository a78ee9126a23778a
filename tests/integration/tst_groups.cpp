// Groups through the real server: a group reaches its members live with its service message,
// messages fan out to every member, a member's attempt at an admin's act is refused with
// FORBIDDEN and changes nothing, a removed member is told once and then hears nothing more and
// cannot read or write the group, malformed requests get their typed error, and the group and
// its roles survive a restart of the server.
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
}

class TstGroups : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aNewGroupReachesEveryMemberLive();
    void aMemberCannotRenameOrAddAndNothingChanges();
    void aRemovedMemberHearsItOnceThenNothingMore();
    void malformedRequestsGetTypedErrors();
    void theGroupSurvivesARestart();

private:
    std::unique_ptr<TestClient> user(const QString &name);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_chat = 0;
};

std::unique_ptr<TestClient> TstGroups::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword).isEmpty() ? nullptr : std::move(client);
}

void TstGroups::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    QVERIFY(m_alice && m_bob && m_carol);
}

void TstGroups::aNewGroupReachesEveryMemberLive() {
    const auto created = m_alice->call(
        api::CreateGroup{4242, QStringLiteral("Book club"), {m_bob->userId(), m_carol->userId()}});
    MSGR_VERIFY_OK(created);
    m_chat = created.value->chat.id;
    QCOMPARE(created.value->chat.kind, protocol::ChatKind::Group);
    QCOMPARE(created.value->chat.ownerId, m_alice->userId());

    // Bob is pushed the chat, then the service message that opens its history.
    QVERIFY(m_bob->waitForUpdates(2));
    const QList<protocol::UpdateFrame> live = m_bob->takeUpdates();
    QCOMPARE(updateType(live.at(0)), QStringLiteral("newChat"));
    const QList<protocol::Message> service = newMessages(live);
    QCOMPARE(service.size(), 1);
    QVERIFY(service.first().action);
    QCOMPARE(service.first().action->kind, protocol::ActionKind::GroupCreated);
    QCOMPARE(service.first().action->title, QStringLiteral("Book club"));
    QCOMPARE(service.first().randomId, 0); // only the sender's copy carries it
    m_carol->takeUpdates();
    m_alice->takeUpdates();

    // A message by any member reaches both others.
    MSGR_VERIFY_OK(m_carol->call(api::SendMessage{m_chat, 1, QStringLiteral("chapter 3?")}));
    QVERIFY(m_alice->waitForUpdates(1));
    QVERIFY(m_bob->waitForUpdates(1));
    QCOMPARE(newMessages(m_bob->takeUpdates()).first().text, QStringLiteral("chapter 3?"));
    QCOMPARE(newMessages(m_alice->takeUpdates()).first().senderId, m_carol->userId());
    m_carol->takeUpdates();
}

void TstGroups::aMemberCannotRenameOrAddAndNothingChanges() {
    auto dave = user(QStringLiteral("dave"));
    QVERIFY(dave);
    const auto renamed = m_bob->call(api::SetGroupTitle{m_chat, QStringLiteral("Bob's club")});
    QVERIFY(!renamed.ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    const auto added = m_bob->call(api::AddGroupMembers{m_chat, {dave->userId()}});
    QVERIFY(!added.ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    // Dave, outside, cannot even tell the group exists.
    QVERIFY(!dave->call(api::GetHistory{m_chat, 0, 10}).ok());
    QCOMPARE(dave->lastErrorName(), QStringLiteral("NOT_FOUND"));

    const auto chats = m_carol->call(api::ListChats{});
    MSGR_VERIFY_OK(chats);
    QCOMPARE(chats.value->chats.first().chat.title, QStringLiteral("Book club"));
    QCOMPARE(chats.value->chats.first().chat.memberIds.size(), 3);
    QVERIFY(dave->takeUpdates().isEmpty());
}

void TstGroups::aRemovedMemberHearsItOnceThenNothingMore() {
    const auto removed = m_alice->call(api::RemoveGroupMember{m_chat, m_carol->userId()});
    MSGR_VERIFY_OK(removed);
    QVERIFY(!removed.value->chat.memberIds.contains(m_carol->userId()));

    QVERIFY(m_carol->waitForUpdates(2));
    const QList<protocol::UpdateFrame> told = m_carol->takeUpdates();
    QCOMPARE(updatesOfType(told, L("chatChanged")).size(), 1);
    const QList<protocol::Message> notice = newMessages(told);
    QCOMPARE(notice.size(), 1);
    QCOMPARE(notice.first().action->kind, protocol::ActionKind::MemberRemoved);
    QCOMPARE(notice.first().action->userIds, QList<qint64>{m_carol->userId()});

    const auto state = m_carol->call(api::GetState{});
    MSGR_VERIFY_OK(state);
    MSGR_VERIFY_OK(m_alice->call(api::SendMessage{m_chat, 2, QStringLiteral("carol is out")}));
    QVERIFY(m_bob->waitForUpdates(3)); // chatChanged + memberRemoved + the message
    const auto after = m_carol->call(api::GetState{});
    MSGR_VERIFY_OK(after);
    QCOMPARE(after.value->pts, state.value->pts);
    QVERIFY(!m_carol->call(api::SendMessage{m_chat, 3, QStringLiteral("still here?")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(!m_carol->call(api::GetHistory{m_chat, 0, 10}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
}

void TstGroups::malformedRequestsGetTypedErrors() {
    struct Case {
        L method;
        QCborMap args;
        QString code;
    };
    const QList<Case> cases{
        {L("groups.create"),
         QCborMap{{L("randomId"), 1}, {L("title"), "  "}, {L("userIds"), QCborArray{}}},
         "BAD_REQUEST"},
        {L("groups.create"),
         QCborMap{{L("randomId"), 0}, {L("title"), "t"}, {L("userIds"), QCborArray{}}},
         "BAD_REQUEST"},
        {L("groups.create"),
         QCborMap{
             {L("randomId"), 2}, {L("title"), QString(129, u'x')}, {L("userIds"), QCborArray{}}},
         "TOO_LARGE"},
        {L("groups.create"), QCborMap{{L("randomId"), 3}, {L("title"), "t"}, {L("userIds"), "1,2"}},
         "BAD_REQUEST"},
        {L("groups.addMembers"), QCborMap{{L("chatId"), m_chat}, {L("userIds"), QCborArray{}}},
         "BAD_REQUEST"},
        {L("groups.setRole"),
         QCborMap{{L("chatId"), m_chat}, {L("userId"), m_bob->userId()}, {L("role"), "owner"}},
         "BAD_REQUEST"},
        {L("groups.setRole"),
         QCborMap{{L("chatId"), m_chat}, {L("userId"), m_bob->userId()}, {L("role"), 1}},
         "BAD_REQUEST"},
        {L("groups.removeMember"),
         QCborMap{{L("chatId"), m_chat}, {L("userId"), m_alice->userId()}}, "BAD_REQUEST"},
        {L("groups.leave"), QCborMap{{L("chatId"), "x"}}, "BAD_REQUEST"},
    };
    for (const Case &c : cases) {
        m_alice->call(c.method, c.args);
        QCOMPARE(m_alice->lastErrorName(), c.code);
    }
    // A private chat is not a group.
    const auto opened = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(opened);
    QVERIFY(!m_alice->call(api::SetGroupTitle{opened.value->chat.id, QStringLiteral("x")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstGroups::theGroupSurvivesARestart() {
    MSGR_VERIFY_OK(
        m_alice->call(api::SetGroupRole{m_chat, m_bob->userId(), api::GroupRole::Admin}));
    m_alice.reset();
    m_bob.reset();
    m_carol.reset();
    QVERIFY(m_server.restart());
    auto bob = std::make_unique<TestClient>();
    QVERIFY(bob->connectTo(m_server.wsUrl()));
    QVERIFY(!bob->logIn(QStringLiteral("bob"), kPassword).isEmpty());
    const auto chats = bob->call(api::ListChats{});
    MSGR_VERIFY_OK(chats);
    protocol::Chat group;
    for (const protocol::ChatSummary &summary : chats.value->chats)
        if (summary.chat.id == m_chat)
            group = summary.chat;
    QCOMPARE(group.id, m_chat);
    QCOMPARE(group.kind, protocol::ChatKind::Group);
    QCOMPARE(group.adminIds, QList<qint64>{bob->userId()});
    QCOMPARE(group.memberIds.size(), 2);
    // As an admin now, bob may rename it.
    MSGR_VERIFY_OK(bob->call(api::SetGroupTitle{m_chat, QStringLiteral("Bob's club")}));
}

QTEST_GUILESS_MAIN(TstGroups)
#include "tst_groups.moc"
