// Replies and forwards on the client, through the REAL msgr-server and the real sync engine
// (docs/protocol.md §19): a reply typed on the laptop is stored at once with the quote taken
// from the stored original, sent with replyToId, and replaced by the server's copy; a reply and
// a forward from the other user arrive through the sync path with their quote and first
// author; a reply to a message the server does not have is refused and marked failed.
#include "client_app.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "protocol/api/forwards.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;

namespace {
const QString kPassword = QStringLiteral("password123");
constexpr int kTimeoutMs = 20'000;

//! The stored message of the chat with this server id, once the laptop has it.
std::optional<storage::MessageRecord> storedMessage(storage::ProfileStore &store, qint64 chatId,
                                                    qint64 serverId) {
    for (const storage::MessageRecord &m : test::messages(store, chatId))
        if (m.serverId == serverId)
            return m;
    return std::nullopt;
}

std::optional<protocol::Message> awaitNewMessage(TestClient &client, const QString &text) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kTimeoutMs) {
        for (const protocol::UpdateFrame &frame : client.takeUpdates()) {
            const auto update = protocol::updateFromCbor(frame.update);
            if (!update || !std::holds_alternative<protocol::NewMessageUpdate>(*update))
                continue;
            const protocol::Message &m = std::get<protocol::NewMessageUpdate>(*update).message;
            if (m.text == text)
                return m;
        }
        client.waitForUpdates(1, 500);
    }
    return std::nullopt;
}
} // namespace

class TstRepliesSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void repliesAndForwardsGoBothWays() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        test::ClientApp laptop(dir.path(), server.wsUrl(), QStringLiteral("tst_replies_sync"));
        QVERIFY(laptop.opened);
        const qint64 chatId =
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);

        // Bob asks; the laptop stores it.
        const qint64 question = test::sendAs(bob, chatId, QStringLiteral("lunch at noon?"));
        QVERIFY(question > 0);
        test::awaitCondition(
            [&] { return storedMessage(laptop.store, chatId, question).has_value(); },
            "bob's question stored");

        // Alice replies from the laptop: the pending row quotes the stored question at once.
        qint64 localId = 0;
        laptop.context->sendText(
            chatId, QStringLiteral("yes!"), nullptr, [&](qint64 id) { localId = id; }, question);
        test::awaitCondition([&] { return localId > 0; }, "the reply stored as pending");
        const auto pending = test::read(laptop.store, [localId](storage::ReadTransaction &tx) {
            return storage::MessagesTable::load(tx, localId);
        });
        QVERIFY(pending);
        QCOMPARE(pending->replyToId, question);
        QCOMPARE(pending->replySenderId, bob.userId());
        QCOMPARE(pending->replyExcerpt, QStringLiteral("lunch at noon?"));

        // The server's copy reaches bob with the quote it made, and replaces the pending row.
        const auto atBob = awaitNewMessage(bob, QStringLiteral("yes!"));
        QVERIFY(atBob);
        QCOMPARE(atBob->replyTo,
                 (protocol::ReplyTo{question, bob.userId(), QStringLiteral("lunch at noon?")}));
        test::awaitCondition([&] { return laptop.sent.contains(localId); }, "the reply sent");
        const auto sent = storedMessage(laptop.store, chatId, atBob->id);
        QVERIFY(sent);
        QCOMPARE(sent->localId, localId);
        QCOMPARE(sent->replyToId, question);
        QCOMPARE(sent->replyExcerpt, QStringLiteral("lunch at noon?"));

        // Bob replies to alice's message and forwards his own question: both come down the
        // sync path with their quote and their first author.
        const auto bobsReply =
            bob.call(api::SendMessage{chatId, 9001, QStringLiteral("great"), {}, atBob->id});
        MSGR_VERIFY_OK(bobsReply);
        const auto forwarded = bob.call(api::ForwardMessages{chatId, {question}, chatId, {9002}});
        MSGR_VERIFY_OK(forwarded);
        const qint64 copyId = forwarded.value->messageIds.first();
        test::awaitCondition(
            [&] { return storedMessage(laptop.store, chatId, copyId).has_value(); },
            "bob's reply and forward stored");
        const auto reply = storedMessage(laptop.store, chatId, bobsReply.value->message.id);
        QVERIFY(reply);
        QCOMPARE(reply->replyToId, atBob->id);
        QCOMPARE(reply->replySenderId, laptop.userId);
        QCOMPARE(reply->replyExcerpt, QStringLiteral("yes!"));
        const auto copy = storedMessage(laptop.store, chatId, copyId);
        QCOMPARE(copy->text, QStringLiteral("lunch at noon?"));
        QCOMPARE(copy->forwardSenderId, bob.userId());
        QCOMPARE(copy->forwardSenderName, QStringLiteral("bob"));
        QVERIFY(copy->forwardDate > 0);
        QCOMPARE(copy->replyToId, 0);

        // A reply to a message the server never had is refused for good: marked failed.
        qint64 orphanId = 0;
        laptop.context->sendText(
            chatId, QStringLiteral("to nothing"), nullptr, [&](qint64 id) { orphanId = id; },
            987'654'321);
        test::awaitCondition([&] { return orphanId > 0 && laptop.failed.contains(orphanId); },
                             "the orphan reply refused");
        const auto orphan = test::read(laptop.store, [orphanId](storage::ReadTransaction &tx) {
            return storage::MessagesTable::load(tx, orphanId);
        });
        QVERIFY(orphan && orphan->pending);
        QVERIFY(orphan->failure != storage::SendFailure::None);
        QCOMPARE(orphan->replyToId, 987'654'321);
        QVERIFY(orphan->replyExcerpt.isEmpty()); // nothing stored to quote
    }
};

QTEST_GUILESS_MAIN(TstRepliesSync)
#include "tst_replies_sync.moc"
