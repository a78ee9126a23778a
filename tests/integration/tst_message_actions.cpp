// Message actions through the real server (docs/protocol.md §16): an edit reaches every device
// of every member live and in the difference and shows in history; someone else's message, or
// one past the edit window, is refused with a typed error; "delete for me" hides messages from
// the caller's devices only, "delete for everyone" from every member; a group's owner deletes a
// member's message; a device that was offline learns edits and deletions through getDifference.
#include "protocol/api/api.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QElapsedTimer>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;
using api::DeleteScope;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
// Short, so the test can pass it; long enough that a loaded machine edits well inside it.
constexpr int kWindowMs = 3000;

template <typename U> QList<U> updatesAs(const QList<protocol::UpdateFrame> &frames) {
    QList<U> out;
    for (const protocol::UpdateFrame &frame : frames) {
        const auto update = protocol::updateFromCbor(frame.update);
        if (update && std::holds_alternative<U>(*update))
            out.append(std::get<U>(*update));
    }
    return out;
}

template <typename U> QList<U> updatesAs(const QList<protocol::LoggedUpdate> &logged) {
    QList<U> out;
    for (const protocol::LoggedUpdate &entry : logged) {
        if (std::holds_alternative<U>(entry.update))
            out.append(std::get<U>(entry.update));
    }
    return out;
}

//! The updates of type U pushed to `client` until `count` of them arrived (or 10 s passed);
//! others are dropped.
template <typename U> QList<U> collect(TestClient &client, qsizetype count) {
    QList<U> got;
    QElapsedTimer timer;
    timer.start();
    while (true) {
        got += updatesAs<U>(client.takeUpdates());
        if (got.size() >= count || timer.elapsed() > 10'000)
            return got;
        client.waitForUpdates(1, int(10'000 - timer.elapsed()));
    }
}

QList<qint64> idsOf(const QList<protocol::Message> &messages) {
    QList<qint64> ids;
    for (const protocol::Message &m : messages)
        ids.append(m.id);
    return ids;
}
} // namespace

class TstMessageActions : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void anEditReachesEveryDeviceAndTheHistory();
    void someoneElsesMessageCannotBeEdited();
    void deleteForMeHidesOnlyFromTheCallersDevices();
    void deleteForEveryoneRemovesItForAllMembers();
    void aGroupOwnerDeletesAMembersMessage();
    void anOfflineDeviceLearnsEditsAndDeletesFromTheDifference();
    void pastTheWindowEditAndDeleteForEveryoneAreRefused();

private:
    std::unique_ptr<TestClient> device(const QString &user, bool signUp, const QString &name);
    protocol::Message send(TestClient &client, qint64 chatId, const QString &text);
    QList<protocol::Message> history(TestClient &client, qint64 chatId);

    ServerProcess m_server{
        {QStringLiteral("--message-edit-window-ms"), QString::number(kWindowMs)}};
    std::unique_ptr<TestClient> m_phone, m_laptop, m_bob, m_carol;
    qint64 m_chat = 0; // alice and bob
    qint64 m_randomId = 1;
};

std::unique_ptr<TestClient> TstMessageActions::device(const QString &user, bool signUp,
                                                      const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    const QCborMap r =
        signUp ? client->signUp(user, kPassword, name) : client->logIn(user, kPassword, name);
    return r.isEmpty() ? nullptr : std::move(client);
}

protocol::Message TstMessageActions::send(TestClient &client, qint64 chatId, const QString &text) {
    const auto sent = client.call(api::SendMessage{chatId, m_randomId++, text});
    return sent.ok() ? sent.value->message : protocol::Message{};
}

QList<protocol::Message> TstMessageActions::history(TestClient &client, qint64 chatId) {
    const auto page = client.call(api::GetHistory{chatId, 0, 100});
    return page.ok() ? page.value->messages : QList<protocol::Message>{};
}

void TstMessageActions::initTestCase() {
    QVERIFY(m_server.start());
    m_phone = device(QStringLiteral("alice"), true, QStringLiteral("phone"));
    QVERIFY(m_phone);
    m_laptop = device(QStringLiteral("alice"), false, QStringLiteral("laptop"));
    QVERIFY(m_laptop);
    m_bob = device(QStringLiteral("bob"), true, QStringLiteral("bob's"));
    QVERIFY(m_bob);
    m_carol = device(QStringLiteral("carol"), true, QStringLiteral("carol's"));
    QVERIFY(m_carol);
    const auto opened = m_phone->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(opened);
    m_chat = opened.value->chat.id;
}

void TstMessageActions::anEditReachesEveryDeviceAndTheHistory() {
    const protocol::Message sent = send(*m_phone, m_chat, QStringLiteral("helo"));
    QVERIFY(sent.id > 0);
    m_laptop->takeUpdates();
    m_bob->takeUpdates();

    const auto edited = m_phone->call(api::EditMessage{m_chat, sent.id, QStringLiteral("hello")});
    MSGR_VERIFY_OK(edited);
    QCOMPARE(edited.value->message.text, QStringLiteral("hello"));
    QVERIFY(edited.value->message.editedAt >= sent.date);
    QCOMPARE(edited.value->message.randomId, sent.randomId); // the sender's own copy

    // Live, to the sender's other device and to the other member (without the random id).
    const auto onLaptop = collect<protocol::MessageEditedUpdate>(*m_laptop, 1);
    const auto onBob = collect<protocol::MessageEditedUpdate>(*m_bob, 1);
    QCOMPARE(onLaptop.size(), 1);
    QCOMPARE(onBob.size(), 1);
    QCOMPARE(onLaptop.first().message, edited.value->message);
    QCOMPARE(onBob.first().message.text, QStringLiteral("hello"));
    QCOMPARE(onBob.first().message.editedAt, edited.value->message.editedAt);
    QCOMPARE(onBob.first().message.randomId, 0);

    // History shows the edited text and when.
    const QList<protocol::Message> page = history(*m_bob, m_chat);
    QVERIFY(!page.isEmpty());
    QCOMPARE(page.last().text, QStringLiteral("hello"));
    QCOMPARE(page.last().editedAt, edited.value->message.editedAt);

    // The same text again is a retry: nothing is logged.
    const auto again = m_phone->call(api::EditMessage{m_chat, sent.id, QStringLiteral("hello")});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->pts, edited.value->pts);
    QCOMPARE(again.value->message.editedAt, edited.value->message.editedAt);

    // The same length limit as messages.send.
    const auto tooLong =
        m_phone->call(api::EditMessage{m_chat, sent.id, QString(4097, QLatin1Char('x'))});
    QVERIFY(!tooLong.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("TOO_LARGE"));
}

void TstMessageActions::someoneElsesMessageCannotBeEdited() {
    const protocol::Message sent = send(*m_phone, m_chat, QStringLiteral("mine"));
    QVERIFY(sent.id > 0);
    const auto byBob = m_bob->call(api::EditMessage{m_chat, sent.id, QStringLiteral("yours")});
    QVERIFY(!byBob.ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    const auto byOutsider =
        m_carol->call(api::EditMessage{m_chat, sent.id, QStringLiteral("hers")});
    QVERIFY(!byOutsider.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto noSuch =
        m_phone->call(api::EditMessage{m_chat, sent.id + 1000, QStringLiteral("x")});
    QVERIFY(!noSuch.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto empty = m_phone->call(api::EditMessage{m_chat, sent.id, QString()});
    QVERIFY(!empty.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QCOMPARE(history(*m_bob, m_chat).last().text, QStringLiteral("mine"));
}

void TstMessageActions::deleteForMeHidesOnlyFromTheCallersDevices() {
    const protocol::Message first = send(*m_bob, m_chat, QStringLiteral("one"));
    const protocol::Message second = send(*m_bob, m_chat, QStringLiteral("two"));
    QVERIFY(first.id > 0 && second.id > first.id);
    const auto deleted =
        m_phone->call(api::DeleteMessages{m_chat, {second.id, second.id}, DeleteScope::Me});
    MSGR_VERIFY_OK(deleted);
    QCOMPARE(deleted.value->messageIds, QList<qint64>{second.id});

    // Alice's other device is told; her history, last message and unread count leave it out.
    const auto onLaptop = collect<protocol::MessagesDeletedUpdate>(*m_laptop, 1);
    QCOMPARE(onLaptop.size(), 1);
    QCOMPARE(onLaptop.first().chatId, m_chat);
    QCOMPARE(onLaptop.first().messageIds, QList<qint64>{second.id});
    QVERIFY(!idsOf(history(*m_laptop, m_chat)).contains(second.id));
    const auto chats = m_laptop->call(api::ListChats{});
    MSGR_VERIFY_OK(chats);
    QCOMPARE(chats.value->chats.size(), 1);
    QCOMPARE(chats.value->chats.first().lastMessage->id, first.id);
    const qint64 unreadBefore = chats.value->chats.first().unreadCount;

    // Bob still has it and was told nothing.
    QVERIFY(idsOf(history(*m_bob, m_chat)).contains(second.id));
    MSGR_VERIFY_OK(m_bob->call(api::Ping{})); // anything pushed before this answer has arrived
    QVERIFY(updatesAs<protocol::MessagesDeletedUpdate>(m_bob->takeUpdates()).isEmpty());

    // Deleting again removes nothing and logs nothing.
    const auto again = m_laptop->call(api::DeleteMessages{m_chat, {second.id}, DeleteScope::Me});
    MSGR_VERIFY_OK(again);
    QVERIFY(again.value->messageIds.isEmpty());
    QCOMPARE(again.value->pts, deleted.value->pts);

    // Hiding the first one too lowers the unread count by one.
    MSGR_VERIFY_OK(m_laptop->call(api::DeleteMessages{m_chat, {first.id}, DeleteScope::Me}));
    const auto after = m_laptop->call(api::ListChats{});
    MSGR_VERIFY_OK(after);
    QCOMPARE(after.value->chats.first().unreadCount, unreadBefore - 1);
}

void TstMessageActions::deleteForEveryoneRemovesItForAllMembers() {
    // The laptop's own deletion of the last test came back to it before its answer: drop it.
    m_laptop->takeUpdates();
    const protocol::Message sent = send(*m_phone, m_chat, QStringLiteral("oops"));
    QVERIFY(sent.id > 0);

    // Bob may not delete Alice's message for everyone in a private chat: nothing happens.
    const auto byBob = m_bob->call(api::DeleteMessages{m_chat, {sent.id}, DeleteScope::Everyone});
    QVERIFY(!byBob.ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(idsOf(history(*m_laptop, m_chat)).contains(sent.id));

    const auto deleted =
        m_phone->call(api::DeleteMessages{m_chat, {sent.id}, DeleteScope::Everyone});
    MSGR_VERIFY_OK(deleted);
    QCOMPARE(deleted.value->messageIds, QList<qint64>{sent.id});
    const auto onBob = collect<protocol::MessagesDeletedUpdate>(*m_bob, 1);
    const auto onLaptop = collect<protocol::MessagesDeletedUpdate>(*m_laptop, 1);
    QCOMPARE(onBob.size(), 1);
    QCOMPARE(onBob.first().messageIds, QList<qint64>{sent.id});
    QCOMPARE(onLaptop.size(), 1);
    QVERIFY(!idsOf(history(*m_bob, m_chat)).contains(sent.id));
    QVERIFY(!idsOf(history(*m_phone, m_chat)).contains(sent.id));
    // Gone: it can no longer be edited, and deleting it again is a harmless retry.
    QVERIFY(!m_phone->call(api::EditMessage{m_chat, sent.id, QStringLiteral("x")}).ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto again = m_phone->call(api::DeleteMessages{m_chat, {sent.id}, DeleteScope::Everyone});
    MSGR_VERIFY_OK(again);
    QVERIFY(again.value->messageIds.isEmpty());
}

void TstMessageActions::aGroupOwnerDeletesAMembersMessage() {
    const auto group = m_phone->call(
        api::CreateGroup{77, QStringLiteral("Trip"), {m_bob->userId(), m_carol->userId()}});
    MSGR_VERIFY_OK(group);
    const qint64 chatId = group.value->chat.id;
    const protocol::Message byBob = send(*m_bob, chatId, QStringLiteral("spam"));
    QVERIFY(byBob.id > 0);

    const auto byCarol =
        m_carol->call(api::DeleteMessages{chatId, {byBob.id}, DeleteScope::Everyone});
    QVERIFY(!byCarol.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("FORBIDDEN"));

    const auto byOwner =
        m_phone->call(api::DeleteMessages{chatId, {byBob.id}, DeleteScope::Everyone});
    MSGR_VERIFY_OK(byOwner);
    QCOMPARE(byOwner.value->messageIds, QList<qint64>{byBob.id});
    const auto onCarol = collect<protocol::MessagesDeletedUpdate>(*m_carol, 1);
    QCOMPARE(onCarol.size(), 1);
    QCOMPARE(onCarol.first().chatId, chatId);
    QVERIFY(!idsOf(history(*m_bob, chatId)).contains(byBob.id));
}

void TstMessageActions::anOfflineDeviceLearnsEditsAndDeletesFromTheDifference() {
    const protocol::Message kept = send(*m_phone, m_chat, QStringLiteral("typo"));
    const protocol::Message dropped = send(*m_phone, m_chat, QStringLiteral("never mind"));
    QVERIFY(kept.id > 0 && dropped.id > 0);
    const auto state = m_laptop->call(api::GetState{});
    MSGR_VERIFY_OK(state);
    const QString laptopToken = m_laptop->token();
    m_laptop->close();

    MSGR_VERIFY_OK(m_phone->call(api::EditMessage{m_chat, kept.id, QStringLiteral("type")}));
    MSGR_VERIFY_OK(m_phone->call(api::DeleteMessages{m_chat, {dropped.id}, DeleteScope::Everyone}));

    m_laptop = std::make_unique<TestClient>();
    QVERIFY(m_laptop->connectTo(m_server.wsUrl()));
    QVERIFY(m_laptop->resume(laptopToken));
    const auto diff = m_laptop->call(api::GetDifference{state.value->pts, 100});
    MSGR_VERIFY_OK(diff);
    const auto edits = updatesAs<protocol::MessageEditedUpdate>(diff.value->updates);
    const auto deletes = updatesAs<protocol::MessagesDeletedUpdate>(diff.value->updates);
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.first().message.id, kept.id);
    QCOMPARE(edits.first().message.text, QStringLiteral("type"));
    QCOMPARE(deletes.size(), 1);
    QCOMPARE(deletes.first().messageIds, QList<qint64>{dropped.id});
}

void TstMessageActions::pastTheWindowEditAndDeleteForEveryoneAreRefused() {
    const protocol::Message sent = send(*m_phone, m_chat, QStringLiteral("old news"));
    QVERIFY(sent.id > 0);
    QTest::qWait(kWindowMs + 200); // the passing of time is what is tested
    const auto edit = m_phone->call(api::EditMessage{m_chat, sent.id, QStringLiteral("new")});
    QVERIFY(!edit.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY2(edit.error.message.contains(QStringLiteral("within")), qPrintable(edit.error.message));
    const auto forAll =
        m_phone->call(api::DeleteMessages{m_chat, {sent.id}, DeleteScope::Everyone});
    QVERIFY(!forAll.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QCOMPARE(history(*m_bob, m_chat).last().text, QStringLiteral("old news"));
    // For oneself there is no time limit.
    const auto forMe = m_phone->call(api::DeleteMessages{m_chat, {sent.id}, DeleteScope::Me});
    MSGR_VERIFY_OK(forMe);
    QCOMPARE(forMe.value->messageIds, QList<qint64>{sent.id});
}

QTEST_GUILESS_MAIN(TstMessageActions)
#include "tst_message_actions.moc"
