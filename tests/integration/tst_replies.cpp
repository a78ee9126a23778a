// Replies through the real server (docs/protocol.md §19): the server copies the quote (sender,
// the first kMaxReplyExcerptChars characters) from the stored message, so what every member
// receives is what was quoted; a retry stores nothing new; a message of another chat, one the
// sender deleted for themselves, a service message and one that never was are refused with
// their typed errors; deleting the quoted message for everyone empties the quote.
#include "protocol/api/api.h"
#include "protocol/limits.h"
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

//! The newMessage updates pushed to `client` until one with `messageId` arrived (or 10 s).
std::optional<protocol::Message> awaitNewMessage(TestClient &client, qint64 messageId) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10'000) {
        for (const protocol::UpdateFrame &frame : client.takeUpdates()) {
            const auto update = protocol::updateFromCbor(frame.update);
            if (!update || !std::holds_alternative<protocol::NewMessageUpdate>(*update))
                continue;
            const protocol::Message &m = std::get<protocol::NewMessageUpdate>(*update).message;
            if (m.id == messageId)
                return m;
        }
        client.waitForUpdates(1, int(10'000 - timer.elapsed()));
    }
    return std::nullopt;
}

std::optional<protocol::Message> inHistory(TestClient &client, qint64 chatId, qint64 messageId) {
    const auto page = client.call(api::GetHistory{chatId, 0, 100});
    if (!page.ok())
        return std::nullopt;
    for (const protocol::Message &m : page.value->messages)
        if (m.id == messageId)
            return m;
    return std::nullopt;
}
} // namespace

class TstReplies : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyMemberGetsTheServersQuote();
    void theExcerptIsCutAtTheLimit();
    void aRetryStoresNothingNew();
    void aGroupReplyQuotesAnotherMember();
    void unquotableMessagesAreRefusedWithTypedErrors();
    void deletingTheQuotedMessageEmptiesTheQuote();

private:
    std::unique_ptr<TestClient> user(const QString &name);
    qint64 send(TestClient &client, qint64 chatId, const QString &text, qint64 replyToId = 0);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_chat = 0;  // alice and bob
    qint64 m_group = 0; // alice, bob and carol
    qint64 m_randomId = 1000;
};

std::unique_ptr<TestClient> TstReplies::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword, name + QStringLiteral("'s")).isEmpty()
               ? nullptr
               : std::move(client);
}

qint64 TstReplies::send(TestClient &client, qint64 chatId, const QString &text, qint64 replyToId) {
    const auto sent = client.call(api::SendMessage{chatId, ++m_randomId, text, {}, replyToId});
    return sent.ok() ? sent.value->message.id : 0;
}

void TstReplies::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    QVERIFY(m_alice && m_bob && m_carol);
    const auto opened = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(opened);
    m_chat = opened.value->chat.id;
    const auto group = m_alice->call(
        api::CreateGroup{77, QStringLiteral("book club"), {m_bob->userId(), m_carol->userId()}});
    MSGR_VERIFY_OK(group);
    m_group = group.value->chat.id;
}

void TstReplies::everyMemberGetsTheServersQuote() {
    const qint64 question = send(*m_bob, m_chat, QStringLiteral("lunch at noon?"));
    QVERIFY(question > 0);
    m_bob->takeUpdates();
    const auto sent =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("yes!"), {}, question});
    MSGR_VERIFY_OK(sent);
    const protocol::ReplyTo expected{question, m_bob->userId(), QStringLiteral("lunch at noon?")};
    QCOMPARE(sent.value->message.replyTo, expected);

    const auto atBob = awaitNewMessage(*m_bob, sent.value->message.id);
    QVERIFY(atBob);
    QCOMPARE(atBob->replyTo, expected);
    const auto stored = inHistory(*m_bob, m_chat, sent.value->message.id);
    QVERIFY(stored);
    QCOMPARE(stored->replyTo, expected);
    QCOMPARE(stored->text, QStringLiteral("yes!"));
    // A plain message carries no quote.
    const auto plain = inHistory(*m_bob, m_chat, question);
    QVERIFY(plain);
    QVERIFY(!plain->replyTo);
}

void TstReplies::theExcerptIsCutAtTheLimit() {
    // 199 letters then an emoji (a surrogate pair across the limit): the pair is not split.
    const QString longText = QString(protocol::kMaxReplyExcerptChars - 1, QLatin1Char('a')) +
                             QStringLiteral("😀 and more");
    const qint64 quoted = send(*m_bob, m_chat, longText);
    QVERIFY(quoted > 0);
    const auto reply =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("tl;dr"), {}, quoted});
    MSGR_VERIFY_OK(reply);
    QVERIFY(reply.value->message.replyTo);
    QCOMPARE(reply.value->message.replyTo->excerpt,
             QString(protocol::kMaxReplyExcerptChars - 1, QLatin1Char('a')));

    const qint64 exact = send(*m_bob, m_chat, QString(300, QLatin1Char('b')));
    const auto second =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("ok"), {}, exact});
    MSGR_VERIFY_OK(second);
    QCOMPARE(second.value->message.replyTo->excerpt.size(), protocol::kMaxReplyExcerptChars);
}

void TstReplies::aRetryStoresNothingNew() {
    const qint64 quoted = send(*m_bob, m_chat, QStringLiteral("ping"));
    const api::SendMessage request{m_chat, ++m_randomId, QStringLiteral("pong"), {}, quoted};
    const auto first = m_alice->call(request);
    MSGR_VERIFY_OK(first);
    const auto again = m_alice->call(request);
    MSGR_VERIFY_OK(again);
    QVERIFY(again.value->duplicate);
    QCOMPARE(again.value->message, first.value->message);
}

void TstReplies::aGroupReplyQuotesAnotherMember() {
    const qint64 carols = send(*m_carol, m_group, QStringLiteral("chapter 3 tonight"));
    QVERIFY(carols > 0);
    m_alice->takeUpdates();
    const auto reply = m_bob->call(
        api::SendMessage{m_group, ++m_randomId, QStringLiteral("not read yet"), {}, carols});
    MSGR_VERIFY_OK(reply);
    const auto atAlice = awaitNewMessage(*m_alice, reply.value->message.id);
    QVERIFY(atAlice);
    QCOMPARE(atAlice->replyTo,
             (protocol::ReplyTo{carols, m_carol->userId(), QStringLiteral("chapter 3 tonight")}));
}

void TstReplies::unquotableMessagesAreRefusedWithTypedErrors() {
    const qint64 inGroup = send(*m_bob, m_group, QStringLiteral("group only"));
    QVERIFY(inGroup > 0);
    // A message of another chat: not in this one.
    auto refused =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("x"), {}, inGroup});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // One that never was.
    refused =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("x"), {}, 987'654'321});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // One the sender deleted for themselves: as in their history, it is not there.
    const qint64 hidden = send(*m_bob, m_chat, QStringLiteral("forget this"));
    MSGR_VERIFY_OK(m_alice->call(api::DeleteMessages{m_chat, {hidden}, api::DeleteScope::Me}));
    refused =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("x"), {}, hidden});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
    // Bob still sees it and may quote it.
    QVERIFY(send(*m_bob, m_chat, QStringLiteral("I said"), hidden) > 0);
    // The group's service message (its creation) has no text to quote.
    const auto page = m_alice->call(api::GetHistory{m_group, 0, 100});
    MSGR_VERIFY_OK(page);
    QVERIFY(!page.value->messages.isEmpty() && page.value->messages.first().action);
    refused = m_alice->call(api::SendMessage{
        m_group, ++m_randomId, QStringLiteral("x"), {}, page.value->messages.first().id});
    QCOMPARE(refused.error.code, protocol::ErrorCode::BadRequest);
    // A non-positive id is a malformed request.
    QCborMap args = api::SendMessage{m_chat, ++m_randomId, QStringLiteral("x")}.toCbor();
    args.insert(QStringLiteral("replyToId"), -1);
    QVERIFY(m_alice->call(api::SendMessage::method, args).isEmpty());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    // Carol, not in the private chat, cannot send there at all (as before replies).
    refused =
        m_carol->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("x"), {}, inGroup});
    QCOMPARE(refused.error.code, protocol::ErrorCode::NotFound);
}

void TstReplies::deletingTheQuotedMessageEmptiesTheQuote() {
    const qint64 regret = send(*m_bob, m_chat, QStringLiteral("my password is hunter2"));
    const qint64 reply = send(*m_alice, m_chat, QStringLiteral("!!!"), regret);
    QVERIFY(regret > 0 && reply > 0);
    MSGR_VERIFY_OK(m_bob->call(api::DeleteMessages{m_chat, {regret}, api::DeleteScope::Everyone}));
    const auto stored = inHistory(*m_alice, m_chat, reply);
    QVERIFY(stored && stored->replyTo);
    QCOMPARE(stored->replyTo->messageId, regret);
    QCOMPARE(stored->replyTo->senderId, m_bob->userId());
    QVERIFY(stored->replyTo->excerpt.isEmpty());
}

QTEST_GUILESS_MAIN(TstReplies)
#include "tst_replies.moc"
