// Forwards through the real server (docs/protocol.md §19): copies of messages of one chat in
// another, sent by the forwarder, naming the first author (kept through a forward of a
// forward), reaching every member of the target; a retry with the same random ids stores
// nothing new; a chat the forwarder is not in, a message they cannot see, a service message
// and malformed id lists are refused with their typed errors and write nothing.
#include "protocol/api/api.h"
#include "protocol/api/forwards.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QElapsedTimer>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The messages pushed to `client` as newMessage until `count` of them arrived (or 10 s).
QList<protocol::Message> collectNew(TestClient &client, qsizetype count) {
    QList<protocol::Message> got;
    QElapsedTimer timer;
    timer.start();
    while (got.size() < count && timer.elapsed() < 10'000) {
        for (const protocol::UpdateFrame &frame : client.takeUpdates()) {
            const auto update = protocol::updateFromCbor(frame.update);
            if (update && std::holds_alternative<protocol::NewMessageUpdate>(*update))
                got.append(std::get<protocol::NewMessageUpdate>(*update).message);
        }
        if (got.size() < count)
            client.waitForUpdates(1, int(10'000 - timer.elapsed()));
    }
    return got;
}

QList<protocol::Message> history(TestClient &client, qint64 chatId) {
    const auto page = client.call(api::GetHistory{chatId, 0, 100});
    return page.ok() ? page.value->messages : QList<protocol::Message>{};
}
} // namespace

class TstForwards : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void copiesReachTheTargetNamingTheAuthor();
    void aForwardOfAForwardKeepsTheFirstAuthor();
    void aRetryStoresNothingNew();
    void refusalsAreTypedAndWriteNothing();

private:
    std::unique_ptr<TestClient> user(const QString &name, const QString &displayName);
    qint64 send(TestClient &client, qint64 chatId, const QString &text);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol, m_dave;
    qint64 m_aliceBob = 0;  // alice and bob
    qint64 m_group = 0;     // bob, carol and dave
    qint64 m_carolDave = 0; // carol and dave
    qint64 m_randomId = 5000;
};

std::unique_ptr<TestClient> TstForwards::user(const QString &name, const QString &displayName) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    if (client->signUp(name, kPassword, name + QStringLiteral("'s")).isEmpty())
        return nullptr;
    if (!client->call(api::UpdateProfile{true, displayName, false, {}}).ok())
        return nullptr;
    return client;
}

qint64 TstForwards::send(TestClient &client, qint64 chatId, const QString &text) {
    const auto sent = client.call(api::SendMessage{chatId, ++m_randomId, text});
    return sent.ok() ? sent.value->message.id : 0;
}

void TstForwards::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"), QStringLiteral("Alice A."));
    m_bob = user(QStringLiteral("bob"), QStringLiteral("Bob B."));
    m_carol = user(QStringLiteral("carol"), QStringLiteral("Carol C."));
    m_dave = user(QStringLiteral("dave"), QStringLiteral("Dave D."));
    QVERIFY(m_alice && m_bob && m_carol && m_dave);
    const auto opened = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(opened);
    m_aliceBob = opened.value->chat.id;
    const auto group = m_bob->call(
        api::CreateGroup{88, QStringLiteral("friends"), {m_carol->userId(), m_dave->userId()}});
    MSGR_VERIFY_OK(group);
    m_group = group.value->chat.id;
    const auto carolDave = m_carol->call(api::OpenPrivateChat{m_dave->userId()});
    MSGR_VERIFY_OK(carolDave);
    m_carolDave = carolDave.value->chat.id;
}

void TstForwards::copiesReachTheTargetNamingTheAuthor() {
    const qint64 first = send(*m_alice, m_aliceBob, QStringLiteral("the address is 5 Elm St"));
    const qint64 second = send(*m_alice, m_aliceBob, QStringLiteral("come at 8"));
    QVERIFY(first > 0 && second > 0);
    const auto originals = history(*m_bob, m_aliceBob);
    m_carol->takeUpdates();

    const auto forwarded = m_bob->call(
        api::ForwardMessages{m_aliceBob, {second, first}, m_group, {++m_randomId, ++m_randomId}});
    MSGR_VERIFY_OK(forwarded);
    QVERIFY(!forwarded.value->duplicate);
    QCOMPARE(forwarded.value->messageIds.size(), 2);

    // Carol, who is not in alice's chat, gets both copies, in the order asked, sent by bob,
    // naming alice and the originals' dates.
    const QList<protocol::Message> atCarol = collectNew(*m_carol, 2);
    QCOMPARE(atCarol.size(), 2);
    QCOMPARE(atCarol.at(0).id, forwarded.value->messageIds.at(0));
    QCOMPARE(atCarol.at(0).text, QStringLiteral("come at 8"));
    QCOMPARE(atCarol.at(1).text, QStringLiteral("the address is 5 Elm St"));
    for (const protocol::Message &copy : atCarol) {
        QCOMPARE(copy.chatId, m_group);
        QCOMPARE(copy.senderId, m_bob->userId());
        QCOMPARE(copy.randomId, 0); // only the sender's copies carry it
        QVERIFY(copy.forwardedFrom);
        QCOMPARE(copy.forwardedFrom->senderId, m_alice->userId());
        QCOMPARE(copy.forwardedFrom->senderName, QStringLiteral("Alice A."));
        QVERIFY(!copy.replyTo);
    }
    qint64 firstDate = 0;
    for (const protocol::Message &m : originals)
        if (m.id == first)
            firstDate = m.date;
    QCOMPARE(atCarol.at(1).forwardedFrom->date, firstDate);
    // The history holds them too, with the same forwardedFrom.
    const auto stored = history(*m_dave, m_group);
    QVERIFY(stored.size() >= 2);
    QCOMPARE(stored.last().id, forwarded.value->messageIds.at(1));
    QCOMPARE(stored.last().forwardedFrom, atCarol.at(1).forwardedFrom);
}

void TstForwards::aForwardOfAForwardKeepsTheFirstAuthor() {
    const qint64 original = send(*m_alice, m_aliceBob, QStringLiteral("pass it on"));
    const auto once =
        m_bob->call(api::ForwardMessages{m_aliceBob, {original}, m_group, {++m_randomId}});
    MSGR_VERIFY_OK(once);
    const auto twice = m_carol->call(api::ForwardMessages{
        m_group, {once.value->messageIds.first()}, m_carolDave, {++m_randomId}});
    MSGR_VERIFY_OK(twice);
    const auto stored = history(*m_dave, m_carolDave);
    QVERIFY(!stored.isEmpty());
    QCOMPARE(stored.last().senderId, m_carol->userId());
    QVERIFY(stored.last().forwardedFrom);
    QCOMPARE(stored.last().forwardedFrom->senderId, m_alice->userId());
    QCOMPARE(stored.last().forwardedFrom->senderName, QStringLiteral("Alice A."));
}

void TstForwards::aRetryStoresNothingNew() {
    const qint64 original = send(*m_alice, m_aliceBob, QStringLiteral("once only"));
    const api::ForwardMessages request{m_aliceBob, {original}, m_group, {++m_randomId}};
    const auto first = m_bob->call(request);
    MSGR_VERIFY_OK(first);
    const qsizetype before = history(*m_carol, m_group).size();
    const auto again = m_bob->call(request);
    MSGR_VERIFY_OK(again);
    QVERIFY(again.value->duplicate);
    QCOMPARE(again.value->messageIds, first.value->messageIds);
    QCOMPARE(again.value->pts, first.value->pts);
    QCOMPARE(history(*m_carol, m_group).size(), before);
}

void TstForwards::refusalsAreTypedAndWriteNothing() {
    const qint64 original = send(*m_alice, m_aliceBob, QStringLiteral("private"));
    const qsizetype before = history(*m_carol, m_group).size();
    // Carol is not in alice and bob's chat: she cannot forward from it, like any chat not hers.
    auto refused =
        m_carol->call(api::ForwardMessages{m_aliceBob, {original}, m_group, {++m_randomId}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // Alice is not in the group: she cannot forward into it.
    refused = m_alice->call(api::ForwardMessages{m_aliceBob, {original}, m_group, {++m_randomId}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // One id of the list that is not in the chat refuses the whole call.
    refused = m_bob->call(api::ForwardMessages{
        m_aliceBob, {original, 987'654'321}, m_group, {++m_randomId, ++m_randomId}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // A message bob deleted for himself is not there for him.
    const qint64 hidden = send(*m_alice, m_aliceBob, QStringLiteral("hidden"));
    MSGR_VERIFY_OK(m_bob->call(api::DeleteMessages{m_aliceBob, {hidden}, api::DeleteScope::Me}));
    refused = m_bob->call(api::ForwardMessages{m_aliceBob, {hidden}, m_group, {++m_randomId}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // The group's service message has nothing to forward.
    const auto groupHistory = history(*m_bob, m_group);
    QVERIFY(!groupHistory.isEmpty() && groupHistory.first().action);
    refused = m_bob->call(
        api::ForwardMessages{m_group, {groupHistory.first().id}, m_aliceBob, {++m_randomId}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::BadRequest);
    QCOMPARE(history(*m_carol, m_group).size(), before);

    // Malformed lists: one random id per message, distinct, not 0; at most kMaxForwardIds.
    refused = m_bob->call(api::ForwardMessages{m_aliceBob, {original}, m_group, {}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::BadRequest);
    refused = m_bob->call(
        api::ForwardMessages{m_aliceBob, {original, original}, m_group, {++m_randomId, 1}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::BadRequest);
    refused = m_bob->call(api::ForwardMessages{m_aliceBob, {original}, m_group, {0}});
    QCOMPARE(refused.error.code, protocol::ErrorCode::BadRequest);
    QList<qint64> many, randoms;
    for (int i = 1; i <= api::kMaxForwardIds + 1; ++i) {
        many.append(i);
        randoms.append(++m_randomId);
    }
    refused = m_bob->call(api::ForwardMessages{m_aliceBob, many, m_group, randoms});
    QCOMPARE(refused.error.code, protocol::ErrorCode::TooLarge);
}

QTEST_GUILESS_MAIN(TstForwards)
#include "tst_forwards.moc"
