// What a user sees and can do when the REAL msgr-server refuses a message for good: the bubble
// says why (also after a restart), a refusal that can pass later is sent again on request and
// arrives, one that cannot (too long) is not offered again and can be deleted; and a text
// longer than one message is sent as several, in order, cut between words.
#include "client_app.h"
#include "client_media.h"
#include "core/chats/chat_list_model.h"
#include "core/messages/message_list_model.h"
#include "core_test_helpers.h"
#include "protocol/api/contacts.h"
#include "protocol/api/messages.h"
#include "protocol/limits.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using msgr::core::MessageListModel;

namespace {

const QString kPassword = QStringLiteral("password123");

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_send_failures")) {}
};

int rowOf(const MessageListModel &model, qint64 localId) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.data(model.index(row), MessageListModel::LocalIdRole).toLongLong() == localId)
            return row;
    return -1;
}

QVariant roleOf(const MessageListModel &model, qint64 localId, int role) {
    const int row = rowOf(model, localId);
    return row < 0 ? QVariant() : model.data(model.index(row), role);
}

core::MessageState stateOf(const MessageListModel &model, qint64 localId) {
    return roleOf(model, localId, MessageListModel::StateRole).value<core::MessageState>();
}

QList<protocol::Message> serverMessages(TestClient &client, qint64 chatId) {
    const auto history = client.call(protocol::api::GetHistory{chatId, 0, 50});
    QList<protocol::Message> out =
        history.ok() ? history.value->messages : QList<protocol::Message>{};
    std::sort(out.begin(), out.end(),
              [](const protocol::Message &a, const protocol::Message &b) { return a.id < b.id; });
    return out;
}

//! The real server, and Bob signed up on it through the protocol.
struct BobOnServer {
    ServerProcess server;
    TestClient bob;
    bool start() {
        return server.start() && bob.connectTo(server.wsUrl()) &&
               !bob.signUp(QStringLiteral("bob"), kPassword).isEmpty();
    }
};

} // namespace

class TstSendFailures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    // Bob blocked Alice: her message is refused, the bubble says so and offers to send it
    // again; Bob unblocks her, she sends it again and it arrives, once, and shows as sent.
    void blockedMessageSaysWhyAndArrivesWhenSentAgainAfterUnblocking() {
        BobOnServer peer;
        QVERIFY(peer.start());
        ServerProcess &server = peer.server;
        TestClient &bob = peer.bob;
        QTemporaryDir dir;
        ClientApp alice(dir.path(), server.wsUrl());
        const qint64 chatId =
            alice.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);
        const auto blocked = bob.call(protocol::api::SetBlocked{alice.userId, true});
        QVERIFY(blocked.ok());

        MessageListModel model(alice.context.get());
        model.setChatId(chatId);
        model.send(QStringLiteral("are you there?"));
        QTRY_COMPARE_WITH_TIMEOUT(alice.failed.size(), 1, 20'000);
        const qint64 localId = alice.failed.first();
        QTRY_COMPARE(stateOf(model, localId), core::MessageStateNs::Failed);
        QTRY_VERIFY(roleOf(model, localId, MessageListModel::FailureRole)
                        .toString()
                        .contains(QStringLiteral("blocked")));
        QVERIFY(roleOf(model, localId, MessageListModel::RetryableRole).toBool());
        QVERIFY(serverMessages(bob, chatId).isEmpty());

        const auto unblocked = bob.call(protocol::api::SetBlocked{alice.userId, false});
        QVERIFY(unblocked.ok());
        model.retry(localId);
        QTRY_COMPARE_WITH_TIMEOUT(alice.sent, QList<qint64>{localId}, 20'000);
        QTRY_COMPARE(stateOf(model, localId), core::MessageStateNs::Sent);
        QCOMPARE(roleOf(model, localId, MessageListModel::FailureRole).toString(), QString());
        const QList<protocol::Message> arrived = serverMessages(bob, chatId);
        QCOMPARE(arrived.size(), 1);
        QCOMPARE(arrived.first().text, QStringLiteral("are you there?"));
    }

    // A text too long for the server (sent by an older client, or another one) is refused: the
    // bubble says it is too long, does not offer to send it again (it could only fail), keeps
    // saying so after a restart, and deleting it removes it here and from the chat list.
    void tooLongMessageIsNotOfferedAgainAndCanBeDeleted() {
        BobOnServer peer;
        QVERIFY(peer.start());
        ServerProcess &server = peer.server;
        TestClient &bob = peer.bob;
        QTemporaryDir dir;
        qint64 chatId = 0, localId = 0;
        {
            ClientApp alice(dir.path(), server.wsUrl());
            chatId = alice.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
            QVERIFY(chatId > 0);
            alice.context->sendText(chatId, QStringLiteral("before"));
            QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 1, 20'000);
            // Past the split the composer does: what reaches the outbox from elsewhere.
            alice.context->sendText(chatId, QString(protocol::kMaxTextChars + 1, u'x'));
            QTRY_COMPARE_WITH_TIMEOUT(alice.failed.size(), 1, 20'000);
            localId = alice.failed.first();
        }
        ClientApp alice(dir.path(), server.wsUrl());
        test::ClientMedia media(alice, dir.path(), server.wsUrl());
        alice.start();
        MessageListModel model(alice.context.get());
        model.setChatId(chatId);
        core::ChatListModel chats(alice.context.get());
        chats.load();
        QTRY_COMPARE(stateOf(model, localId), core::MessageStateNs::Failed);
        QVERIFY(roleOf(model, localId, MessageListModel::FailureRole)
                    .toString()
                    .contains(
                        QStringLiteral("longer than %L1 characters").arg(protocol::kMaxTextChars)));
        QVERIFY(!roleOf(model, localId, MessageListModel::RetryableRole).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(alice.syncs > 0, 20'000);
        model.retry(localId); // refused at once: nothing is offered to the server
        QTRY_COMPARE(chats.rowCount(), 1);
        QCOMPARE(chats.data(chats.index(0), core::ChatListModel::LastOutgoingStateRole).toInt(),
                 int(core::MessageStateNs::Failed));

        model.cancelPending(localId);
        QTRY_COMPARE(rowOf(model, localId), -1);
        QCOMPARE(model.rowCount(), 1);
        QTRY_COMPARE(chats.data(chats.index(0), core::ChatListModel::LastTextRole).toString(),
                     QStringLiteral("before"));
        QVERIFY(alice.failed.isEmpty());
        QVERIFY(alice.sent.isEmpty());
        QCOMPARE(test::outbox(alice.store).size(), 0);
        QCOMPARE(serverMessages(bob, chatId).size(), 1);
    }

    // A pasted text of 2.5 messages' length goes out as three messages, in order, each within
    // the limit, cut at paragraph ends; nothing is lost or repeated.
    void longTextIsSentAsSeveralMessagesInOrder() {
        BobOnServer peer;
        QVERIFY(peer.start());
        ServerProcess &server = peer.server;
        TestClient &bob = peer.bob;
        QTemporaryDir dir;
        ClientApp alice(dir.path(), server.wsUrl());
        const qint64 chatId =
            alice.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);
        QStringList paragraphs;
        for (int i = 0; i < 50; ++i)
            paragraphs.append(QStringLiteral("Paragraph %1:").arg(i, 2, 10, QLatin1Char('0')) +
                              QStringLiteral(" lorem ipsum dolor sit amet").repeated(7));
        const QString text = paragraphs.join(QStringLiteral("\n\n"));
        QVERIFY(text.size() > 2 * protocol::kMaxTextChars);

        MessageListModel model(alice.context.get());
        model.setChatId(chatId);
        QCOMPARE(model.partsFor(text), 3);
        model.send(text);
        QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 3, 20'000);
        const QList<protocol::Message> arrived = serverMessages(bob, chatId);
        QCOMPARE(arrived.size(), 3);
        QStringList received;
        for (const protocol::Message &m : arrived) {
            QVERIFY(m.text.size() <= protocol::kMaxTextChars);
            QVERIFY2(m.text.startsWith(QStringLiteral("Paragraph ")), qPrintable(m.text.left(40)));
            received.append(m.text);
        }
        QCOMPARE(received.join(QStringLiteral("\n\n")), text.trimmed());

        // More than maxMessageParts messages' worth is not sent at all (the composer says why).
        const QString tooLong = QStringLiteral("word ").repeated(
            MessageListModel::maxTextChars() * MessageListModel::maxMessageParts() / 4);
        QVERIFY(model.partsFor(tooLong) > MessageListModel::maxMessageParts());
        model.send(tooLong);
        model.send(QStringLiteral("short"));
        QTRY_COMPARE_WITH_TIMEOUT(alice.sent.size(), 4, 20'000);
        QCOMPARE(serverMessages(bob, chatId).size(), 4);
        QCOMPARE(serverMessages(bob, chatId).last().text, QStringLiteral("short"));
    }
};

QTEST_GUILESS_MAIN(TstSendFailures)
#include "tst_send_failures.moc"
