// Pinned messages through the real server (docs/protocol.md §17.4): a pin is the chat's, so
// every member is told (chatPinnedMessage) and a member who lists the chats later reads it as
// Chat.pinnedMessageId; a later pin replaces the earlier; unpinning another message changes
// nothing; in a group only the owner and admins may pin; a message of another chat, one hidden
// for the caller and a service message are refused with their typed errors; deleting the pinned
// message for everyone clears the pin.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

//! The chatPinnedMessage updates in `client`'s log after `pts`, in order.
QList<protocol::ChatPinnedMessageUpdate> pinUpdatesSince(TestClient &client, qint64 pts) {
    QList<protocol::ChatPinnedMessageUpdate> found;
    const auto diff = client.call(api::GetDifference{pts});
    if (!diff.ok())
        return found;
    for (const protocol::LoggedUpdate &logged : diff.value->updates)
        if (const auto *u = std::get_if<protocol::ChatPinnedMessageUpdate>(&logged.update))
            found.append(*u);
    return found;
}

qint64 pinnedIn(TestClient &client, qint64 chatId) {
    const auto chats = client.call(api::ListChats{});
    if (!chats.ok())
        return -1;
    for (const protocol::ChatSummary &s : chats.value->chats)
        if (s.chat.id == chatId)
            return s.chat.pinnedMessageId;
    return -1;
}

qint64 ptsOf(TestClient &client) {
    const auto state = client.call(api::GetState{});
    return state.ok() ? state.value->pts : -1;
}
} // namespace

class TstPinnedMessages : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aPinReachesEveryMemberAndTheChatList();
    void aLaterPinReplacesTheEarlierAndUnpinClears();
    void inAGroupOnlyTheOwnerAndAdminsPin();
    void unpinnableMessagesAreRefusedWithTypedErrors();
    void deletingThePinnedMessageForEveryoneClearsThePin();

private:
    std::unique_ptr<TestClient> user(const QString &name);
    qint64 send(TestClient &client, qint64 chatId, const QString &text);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_chat = 0;  // alice and bob
    qint64 m_group = 0; // alice (owner), bob and carol
    qint64 m_randomId = 5000;
};

std::unique_ptr<TestClient> TstPinnedMessages::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword, name + QStringLiteral("'s")).isEmpty()
               ? nullptr
               : std::move(client);
}

qint64 TstPinnedMessages::send(TestClient &client, qint64 chatId, const QString &text) {
    const auto sent = client.call(api::SendMessage{chatId, ++m_randomId, text});
    return sent.ok() ? sent.value->message.id : 0;
}

void TstPinnedMessages::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    QVERIFY(m_alice && m_bob && m_carol);
    const auto opened = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(opened);
    m_chat = opened.value->chat.id;
    const auto group = m_alice->call(
        api::CreateGroup{78, QStringLiteral("book club"), {m_bob->userId(), m_carol->userId()}});
    MSGR_VERIFY_OK(group);
    m_group = group.value->chat.id;
}

void TstPinnedMessages::aPinReachesEveryMemberAndTheChatList() {
    const qint64 message = send(*m_alice, m_chat, QStringLiteral("the address: 5 Elm St"));
    QVERIFY(message > 0);
    QCOMPARE(pinnedIn(*m_alice, m_chat), 0);
    const qint64 alicePts = ptsOf(*m_alice), bobPts = ptsOf(*m_bob);
    // Either side of a private chat may pin.
    const auto pinned = m_bob->call(api::PinMessage{m_chat, message, true});
    MSGR_VERIFY_OK(pinned);
    QCOMPARE(pinned.value->messageId, message);
    QCOMPARE(pinned.value->chatId, m_chat);
    const QList<protocol::ChatPinnedMessageUpdate> expected{{m_chat, message}};
    QCOMPARE(pinUpdatesSince(*m_alice, alicePts), expected);
    QCOMPARE(pinUpdatesSince(*m_bob, bobPts), expected);
    QCOMPARE(pinned.value->pts, ptsOf(*m_bob));
    // A device that lists the chats (a new one) learns it with the chat.
    QCOMPARE(pinnedIn(*m_alice, m_chat), message);
    QCOMPARE(pinnedIn(*m_bob, m_chat), message);
    // The same pin again (a retry) logs nothing.
    const qint64 before = ptsOf(*m_alice);
    const auto again = m_alice->call(api::PinMessage{m_chat, message, true});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->messageId, message);
    QCOMPARE(ptsOf(*m_alice), before);
}

void TstPinnedMessages::aLaterPinReplacesTheEarlierAndUnpinClears() {
    const qint64 first = send(*m_alice, m_chat, QStringLiteral("first"));
    const qint64 second = send(*m_bob, m_chat, QStringLiteral("second"));
    QVERIFY(first > 0 && second > 0);
    MSGR_VERIFY_OK(m_alice->call(api::PinMessage{m_chat, first, true}));
    MSGR_VERIFY_OK(m_alice->call(api::PinMessage{m_chat, second, true}));
    QCOMPARE(pinnedIn(*m_bob, m_chat), second);
    // Unpinning a message that is not the pinned one changes nothing.
    const qint64 before = ptsOf(*m_bob);
    const auto other = m_alice->call(api::PinMessage{m_chat, first, false});
    MSGR_VERIFY_OK(other);
    QCOMPARE(other.value->messageId, second);
    QCOMPARE(ptsOf(*m_bob), before);
    const auto unpinned = m_bob->call(api::PinMessage{m_chat, second, false});
    MSGR_VERIFY_OK(unpinned);
    QCOMPARE(unpinned.value->messageId, 0);
    QCOMPARE(pinnedIn(*m_alice, m_chat), 0);
    const QList<protocol::ChatPinnedMessageUpdate> cleared{{m_chat, 0}};
    QCOMPARE(pinUpdatesSince(*m_alice, ptsOf(*m_alice) - 1), cleared);
}

void TstPinnedMessages::inAGroupOnlyTheOwnerAndAdminsPin() {
    const qint64 message = send(*m_carol, m_group, QStringLiteral("meet on friday"));
    QVERIFY(message > 0);
    const auto refused = m_carol->call(api::PinMessage{m_group, message, true});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error.code, protocol::ErrorCode::Forbidden);
    QCOMPARE(pinnedIn(*m_carol, m_group), 0);
    const qint64 carolPts = ptsOf(*m_carol);
    MSGR_VERIFY_OK(m_alice->call(api::PinMessage{m_group, message, true})); // the owner
    QCOMPARE(pinUpdatesSince(*m_carol, carolPts),
             (QList<protocol::ChatPinnedMessageUpdate>{{m_group, message}}));
    MSGR_VERIFY_OK(
        m_alice->call(api::SetGroupRole{m_group, m_bob->userId(), api::GroupRole::Admin}));
    MSGR_VERIFY_OK(m_bob->call(api::PinMessage{m_group, message, false})); // an admin
    QCOMPARE(pinnedIn(*m_carol, m_group), 0);
    // A member may not unpin either.
    MSGR_VERIFY_OK(m_alice->call(api::PinMessage{m_group, message, true}));
    QCOMPARE(m_carol->call(api::PinMessage{m_group, message, false}).error.code,
             protocol::ErrorCode::Forbidden);
    QCOMPARE(pinnedIn(*m_bob, m_group), message);
}

void TstPinnedMessages::unpinnableMessagesAreRefusedWithTypedErrors() {
    const qint64 inGroup = send(*m_bob, m_group, QStringLiteral("group only"));
    QVERIFY(inGroup > 0);
    // A message of another chat, and one that never was: not in this one.
    QCOMPARE(m_alice->call(api::PinMessage{m_chat, inGroup, true}).error.code,
             protocol::ErrorCode::NotFound);
    QCOMPARE(m_alice->call(api::PinMessage{m_chat, 987'654'321, true}).error.code,
             protocol::ErrorCode::NotFound);
    // One the caller deleted for themselves: as in their history, it is not there.
    const qint64 hidden = send(*m_bob, m_chat, QStringLiteral("forget this"));
    MSGR_VERIFY_OK(m_alice->call(api::DeleteMessages{m_chat, {hidden}, api::DeleteScope::Me}));
    QCOMPARE(m_alice->call(api::PinMessage{m_chat, hidden, true}).error.code,
             protocol::ErrorCode::NotFound);
    // A chat the caller is not in.
    QCOMPARE(m_carol->call(api::PinMessage{m_chat, hidden, true}).error.code,
             protocol::ErrorCode::NotFound);
    // The group's service message (its creation).
    const auto page = m_alice->call(api::GetHistory{m_group, 0, 100});
    MSGR_VERIFY_OK(page);
    QVERIFY(!page.value->messages.isEmpty() && page.value->messages.first().action);
    QCOMPARE(
        m_alice->call(api::PinMessage{m_group, page.value->messages.first().id, true}).error.code,
        protocol::ErrorCode::BadRequest);
    // `pinned` is required: a request without it is malformed.
    QCborMap args = api::PinMessage{m_chat, hidden, true}.toCbor();
    args.remove(QStringLiteral("pinned"));
    QVERIFY(m_alice->call(api::PinMessage::method, args).isEmpty());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstPinnedMessages::deletingThePinnedMessageForEveryoneClearsThePin() {
    const qint64 message = send(*m_bob, m_chat, QStringLiteral("temporary"));
    QVERIFY(message > 0);
    MSGR_VERIFY_OK(m_bob->call(api::PinMessage{m_chat, message, true}));
    QCOMPARE(pinnedIn(*m_alice, m_chat), message);
    MSGR_VERIFY_OK(m_bob->call(api::DeleteMessages{m_chat, {message}, api::DeleteScope::Everyone}));
    QCOMPARE(pinnedIn(*m_alice, m_chat), 0);
    QCOMPARE(pinnedIn(*m_bob, m_chat), 0);
}

QTEST_GUILESS_MAIN(TstPinnedMessages)
#include "tst_pinned_messages.moc"
