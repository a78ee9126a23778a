// What a member does with messages in a supergroup (docs/protocol.md §23.8, §23.9) against
// the REAL server: a file sent in a supergroup opens for its members and not for anyone else,
// and a file that is not usable is refused typed; a reply quotes a message of the same
// supergroup; messages are forwarded into and out of it; an edit and a deletion reach the
// online members live and an offline member through the supergroup's own log, with the
// owner's right to delete anyone's message and nobody else's; a member removed from a public
// supergroup joins it again, and the member count is pushed live both times.
#include "protocol/api/api.h"
#include "protocol/api/channel_subscribers.h"
#include "protocol/api/forwards.h"
#include "tests/integration/distinct_bytes.h"
#include "tests/integration/raw_http.h"
#include "tests/integration/tus_files.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "tests/support/update_helpers.h"

#include <QTest>
#include <functional>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = msgr::protocol::api;
using L = QLatin1StringView;

namespace {
const QString kPassword = QStringLiteral("correct horse battery");

protocol::Attachment fileAttachment(const QString &fileId, qint64 size,
                                    const QString &name = QStringLiteral("plan.pdf")) {
    protocol::Attachment attachment;
    attachment.fileId = fileId;
    attachment.size = size;
    attachment.mime = QStringLiteral("application/pdf");
    attachment.name = name;
    return attachment;
}

//! The entries of one supergroup's log pushed live (`channelUpdate`, no account pts).
QList<protocol::Update> liveEntries(const QList<protocol::UpdateFrame> &frames, qint64 chatId) {
    QList<protocol::Update> out;
    for (const auto &frame : updatesOfType(frames, L("channelUpdate"))) {
        const auto push = protocol::ChannelUpdatePush::fromCbor(frame.update);
        if (frame.pts != 0 || !push || push->channelId != chatId)
            continue;
        if (const auto update = protocol::updateFromCbor(push->update))
            out.append(*update);
    }
    return out;
}

template <typename T> QList<T> entriesOf(const QList<protocol::Update> &entries) {
    QList<T> out;
    for (const protocol::Update &entry : entries) {
        if (const auto *typed = std::get_if<T>(&entry))
            out.append(*typed);
    }
    return out;
}

//! The member counts pushed live for `chatId` (`channelSubscribers`).
QList<qint64> pushedCounts(const QList<protocol::UpdateFrame> &frames, qint64 chatId) {
    QList<qint64> out;
    for (const auto &frame : updatesOfType(frames, L("channelSubscribers"))) {
        const auto push = protocol::ChannelSubscribersPush::fromCbor(frame.update);
        if (push && push->channelId == chatId)
            out.append(push->subscriberCount);
    }
    return out;
}

//! Takes `client`'s updates until `seen` holds for all taken: false after 10 s.
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
} // namespace

class TstSupergroupMessages : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void aFileOpensForMembersOnly();
    void unusableFilesAreRefusedTyped();
    void aReplyQuotesAMessageOfTheSupergroup();
    void messagesAreForwardedIntoAndOutOfIt();
    void editsAndDeletionsReachOnlineAndOfflineMembers();
    void aRemovedMemberRejoinsAPublicSupergroupAndTheCountIsPushed();

private:
    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_chat = 0; // alice owns it; bob is a member, carol is not
    qint64 m_randomId = 1000;
};

void TstSupergroupMessages::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = signedUpUser(m_server, QStringLiteral("alice"), kPassword);
    m_bob = signedUpUser(m_server, QStringLiteral("bob"), kPassword);
    m_carol = signedUpUser(m_server, QStringLiteral("carol"), kPassword);
    QVERIFY(m_alice && m_bob && m_carol);
    const auto created =
        m_alice->call(api::CreateSupergroup{1, QStringLiteral("Crew"), {m_bob->userId()}});
    MSGR_VERIFY_OK(created);
    m_chat = created.value->channel.id;
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstSupergroupMessages::cleanup() {
    if (QTest::currentTestFailed())
        m_server.dumpStderr();
}

void TstSupergroupMessages::aFileOpensForMembersOnly() {
    const QByteArray bytes = distinctBytes(3000, 11);
    const QString fileId = uploadWhole(m_server, *m_alice, bytes);
    QVERIFY(!fileId.isEmpty());
    // Bob cannot open alice's file before she sends it anywhere he is.
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 404);
    api::SendMessage send{m_chat, ++m_randomId, QString()};
    send.attachments = {fileAttachment(fileId, bytes.size())};
    const auto sent = m_alice->call(send);
    MSGR_VERIFY_OK(sent);
    QCOMPARE(sent.value->message.attachments.size(), 1);
    QCOMPARE(sent.value->message.attachments.first().fileId, fileId);
    // Bob has it live, files included, from the supergroup's log...
    QList<protocol::UpdateFrame> taken;
    QVERIFY(takeUntil(
        *m_bob,
        [&](const auto &f) {
            return !entriesOf<protocol::NewMessageUpdate>(liveEntries(f, m_chat)).isEmpty();
        },
        &taken));
    const auto pushed = entriesOf<protocol::NewMessageUpdate>(liveEntries(taken, m_chat));
    QCOMPARE(pushed.first().message.attachments.first().name, QStringLiteral("plan.pdf"));
    // ...and opens the file as a member; carol, not a member, is told there is no such file.
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 200);
    QCOMPARE(downloadFile(m_server, *m_carol, fileId).status, 404);
    // A member sends the same file on (it is shared with him now); once out, he cannot open it.
    api::SendMessage again{m_chat, ++m_randomId, QStringLiteral("same plan")};
    again.attachments = send.attachments;
    MSGR_VERIFY_OK(m_bob->call(again));
    MSGR_VERIFY_OK(m_bob->call(api::UnsubscribeChannel{m_chat}));
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 404);
    MSGR_VERIFY_OK(m_alice->call(api::AddChannelSubscribers{m_chat, {m_bob->userId()}}));
    QCOMPARE(downloadFile(m_server, *m_bob, fileId).status, 200);
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstSupergroupMessages::unusableFilesAreRefusedTyped() {
    const QByteArray bytes = distinctBytes(500, 12);
    const QString carols = uploadWhole(m_server, *m_carol, bytes);
    QVERIFY(!carols.isEmpty());
    struct Case {
        protocol::Attachment attachment;
        const char *code;
    };
    const QList<Case> cases = {
        // Not his and never sent where he is: as if it did not exist.
        {fileAttachment(carols, bytes.size()), "NOT_FOUND"},
        {fileAttachment(QString(32, QLatin1Char('a')), 1), "NOT_FOUND"},
    };
    for (const Case &c : cases) {
        api::SendMessage send{m_chat, ++m_randomId, QStringLiteral("file")};
        send.attachments = {c.attachment};
        QVERIFY(!m_bob->call(send).ok());
        QCOMPARE(m_bob->lastErrorName(), QString::fromLatin1(c.code));
    }
    // His own file with a wrong size.
    const QString bobs = uploadWhole(m_server, *m_bob, bytes);
    api::SendMessage wrong{m_chat, ++m_randomId, QStringLiteral("file")};
    wrong.attachments = {fileAttachment(bobs, bytes.size() + 1)};
    QVERIFY(!m_bob->call(wrong).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    // Nothing but blanks and no file.
    QVERIFY(!m_bob->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("   ")}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

void TstSupergroupMessages::aReplyQuotesAMessageOfTheSupergroup() {
    const auto original =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("who brings bread?")});
    MSGR_VERIFY_OK(original);
    api::SendMessage reply{m_chat, ++m_randomId, QStringLiteral("me")};
    reply.replyToId = original.value->message.id;
    const auto answered = m_bob->call(reply);
    MSGR_VERIFY_OK(answered);
    QVERIFY(answered.value->message.replyTo);
    QCOMPARE(answered.value->message.replyTo->senderId, m_alice->userId());
    QCOMPARE(answered.value->message.replyTo->excerpt, QStringLiteral("who brings bread?"));
    // Everyone reading the log sees the quote.
    const auto history = m_alice->call(api::GetChannelHistory{m_chat, 0, 5});
    MSGR_VERIFY_OK(history);
    QVERIFY(history.value->messages.last().replyTo);
    QCOMPARE(history.value->messages.last().replyTo->messageId, original.value->message.id);
    // A message of another chat, or none, cannot be quoted; a service message neither.
    const auto elsewhere = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(elsewhere);
    const auto privateOne = m_alice->call(
        api::SendMessage{elsewhere.value->chat.id, ++m_randomId, QStringLiteral("psst")});
    MSGR_VERIFY_OK(privateOne);
    for (const qint64 id : {privateOne.value->message.id, qint64(999'999)}) {
        reply.randomId = ++m_randomId;
        reply.replyToId = id;
        QVERIFY(!m_bob->call(reply).ok());
        QCOMPARE(m_bob->lastErrorName(), QStringLiteral("NOT_FOUND"));
    }
    const auto first = m_alice->call(api::GetChannelHistory{m_chat, 0, 100});
    MSGR_VERIFY_OK(first);
    QVERIFY(first.value->messages.first().action); // groupCreated
    reply.randomId = ++m_randomId;
    reply.replyToId = first.value->messages.first().id;
    QVERIFY(!m_bob->call(reply).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstSupergroupMessages::messagesAreForwardedIntoAndOutOfIt() {
    const auto privateChat = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(privateChat);
    const qint64 aliceBob = privateChat.value->chat.id;
    const auto tip = m_bob->call(api::SendMessage{aliceBob, ++m_randomId, QStringLiteral("tip")});
    MSGR_VERIFY_OK(tip);
    // Into the supergroup: one copy in its log, naming bob, pushed to the members.
    const auto into = m_alice->call(
        api::ForwardMessages{aliceBob, {tip.value->message.id}, m_chat, {++m_randomId}});
    MSGR_VERIFY_OK(into);
    QCOMPARE(into.value->messageIds.size(), 1);
    QList<protocol::UpdateFrame> taken;
    QVERIFY(takeUntil(
        *m_bob,
        [&](const auto &f) {
            for (const auto &n : entriesOf<protocol::NewMessageUpdate>(liveEntries(f, m_chat)))
                if (n.message.id == into.value->messageIds.first())
                    return true;
            return false;
        },
        &taken));
    const auto copies = entriesOf<protocol::NewMessageUpdate>(liveEntries(taken, m_chat));
    QVERIFY(copies.last().message.forwardedFrom);
    QCOMPARE(copies.last().message.forwardedFrom->senderId, m_bob->userId());
    QCOMPARE(copies.last().message.text, QStringLiteral("tip"));
    // A retry is the same copy; nothing new.
    const auto retry = m_alice->call(
        api::ForwardMessages{aliceBob, {tip.value->message.id}, m_chat, {m_randomId}});
    MSGR_VERIFY_OK(retry);
    QVERIFY(retry.value->duplicate);
    QCOMPARE(retry.value->messageIds, into.value->messageIds);
    // Out of it, into carol's chat with bob: the copy names alice, the first author.
    const auto said =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("meet at 8")});
    MSGR_VERIFY_OK(said);
    const auto bobCarol = m_bob->call(api::OpenPrivateChat{m_carol->userId()});
    MSGR_VERIFY_OK(bobCarol);
    const auto out = m_bob->call(api::ForwardMessages{
        m_chat, {said.value->message.id}, bobCarol.value->chat.id, {++m_randomId}});
    MSGR_VERIFY_OK(out);
    const auto carolSees = m_carol->call(api::GetHistory{bobCarol.value->chat.id, 0, 10});
    MSGR_VERIFY_OK(carolSees);
    QCOMPARE(carolSees.value->messages.last().text, QStringLiteral("meet at 8"));
    QVERIFY(carolSees.value->messages.last().forwardedFrom);
    QCOMPARE(carolSees.value->messages.last().forwardedFrom->senderId, m_alice->userId());
    // Carol is not in the (private) supergroup: neither way is open to her.
    QVERIFY(!m_carol
                 ->call(api::ForwardMessages{
                     m_chat, {said.value->message.id}, bobCarol.value->chat.id, {++m_randomId}})
                 .ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto carolsOwn = m_carol->call(
        api::SendMessage{bobCarol.value->chat.id, ++m_randomId, QStringLiteral("hi")});
    MSGR_VERIFY_OK(carolsOwn);
    QVERIFY(
        !m_carol
             ->call(api::ForwardMessages{
                 bobCarol.value->chat.id, {carolsOwn.value->message.id}, m_chat, {++m_randomId}})
             .ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    for (auto *c : {m_alice.get(), m_bob.get(), m_carol.get()})
        c->takeUpdates();
}

void TstSupergroupMessages::editsAndDeletionsReachOnlineAndOfflineMembers() {
    // Dave joins, notes where the log is and goes offline.
    auto dave = signedUpUser(m_server, QStringLiteral("dave"), kPassword);
    QVERIFY(dave);
    MSGR_VERIFY_OK(m_alice->call(api::AddChannelSubscribers{m_chat, {dave->userId()}}));
    const auto seen = dave->call(api::GetChannel{m_chat});
    MSGR_VERIFY_OK(seen);
    const qint64 davePts = seen.value->channel.pts;
    const QString daveToken = dave->token();
    dave.reset();

    const auto bobs = m_bob->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("typo")});
    MSGR_VERIFY_OK(bobs);
    const auto alices =
        m_alice->call(api::SendMessage{m_chat, ++m_randomId, QStringLiteral("rules")});
    MSGR_VERIFY_OK(alices);
    const qint64 bobsId = bobs.value->message.id;
    const qint64 alicesId = alices.value->message.id;
    m_alice->takeUpdates();

    // Bob edits his own message; alice has it live.
    const auto edited = m_bob->call(api::EditMessage{m_chat, bobsId, QStringLiteral("fixed")});
    MSGR_VERIFY_OK(edited);
    QCOMPARE(edited.value->message.text, QStringLiteral("fixed"));
    QVERIFY(edited.value->message.editedAt > 0);
    QVERIFY(takeUntil(*m_alice, [&](const auto &f) {
        const auto e = entriesOf<protocol::MessageEditedUpdate>(liveEntries(f, m_chat));
        return !e.isEmpty() && e.last().message.id == bobsId &&
               e.last().message.text == QStringLiteral("fixed");
    }));
    // Nobody edits someone else's message, nor deletes it without being staff; and a
    // supergroup has no "delete for me".
    QVERIFY(!m_alice->call(api::EditMessage{m_chat, bobsId, QStringLiteral("mine")}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_bob->call(api::DeleteMessages{m_chat, {alicesId}, api::DeleteScope::Everyone}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_bob->call(api::DeleteMessages{m_chat, {bobsId}, api::DeleteScope::Me}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("BAD_REQUEST"));
    QVERIFY(!m_carol->call(api::EditMessage{m_chat, bobsId, QStringLiteral("x")}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));

    // The owner deletes bob's message; bob has it live; the history no longer holds it.
    m_bob->takeUpdates();
    const auto deleted =
        m_alice->call(api::DeleteMessages{m_chat, {bobsId}, api::DeleteScope::Everyone});
    MSGR_VERIFY_OK(deleted);
    QCOMPARE(deleted.value->messageIds, QList<qint64>{bobsId});
    QVERIFY(takeUntil(*m_bob, [&](const auto &f) {
        const auto d = entriesOf<protocol::MessagesDeletedUpdate>(liveEntries(f, m_chat));
        return !d.isEmpty() && d.last().messageIds == QList<qint64>{bobsId};
    }));
    // A retry deletes nothing more; bob deletes his own too.
    const auto retry =
        m_alice->call(api::DeleteMessages{m_chat, {bobsId}, api::DeleteScope::Everyone});
    MSGR_VERIFY_OK(retry);
    QVERIFY(retry.value->messageIds.isEmpty());
    const auto history = m_bob->call(api::GetChannelHistory{m_chat, 0, 100});
    MSGR_VERIFY_OK(history);
    for (const auto &m : history.value->messages)
        QVERIFY(m.id != bobsId);

    // Dave, back, catches up through the supergroup's log: the edit, then the deletion.
    auto back = std::make_unique<TestClient>();
    QVERIFY(back->connectTo(m_server.wsUrl()));
    QVERIFY(back->resume(daveToken));
    const auto difference = back->call(api::GetChannelDifference{m_chat, davePts, 100});
    MSGR_VERIFY_OK(difference);
    QList<protocol::Update> entries;
    for (const auto &logged : difference.value->updates)
        entries.append(logged.update);
    const auto edits = entriesOf<protocol::MessageEditedUpdate>(entries);
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.first().message.text, QStringLiteral("fixed"));
    const auto deletions = entriesOf<protocol::MessagesDeletedUpdate>(entries);
    QCOMPARE(deletions.size(), 1);
    QCOMPARE(deletions.first().chatId, m_chat);
    QCOMPARE(deletions.first().messageIds, QList<qint64>{bobsId});
    for (auto *c : {m_alice.get(), m_bob.get()})
        c->takeUpdates();
}

void TstSupergroupMessages::aRemovedMemberRejoinsAPublicSupergroupAndTheCountIsPushed() {
    const auto created = m_alice->call(api::CreateSupergroup{
        2, QStringLiteral("Open"), {m_carol->userId()}, QStringLiteral("open_door")});
    MSGR_VERIFY_OK(created);
    const qint64 open = created.value->channel.id;
    m_alice->takeUpdates();
    // Removing carol sends the new count to the members' open connections.
    const auto removed = m_alice->call(api::RemoveSupergroupMember{open, m_carol->userId()});
    MSGR_VERIFY_OK(removed);
    QCOMPARE(removed.value->channel.subscriberCount, 1);
    QVERIFY(takeUntil(*m_alice, [&](const auto &f) { return pushedCounts(f, open).contains(1); }));
    // Carol joins again, as anyone may join a public supergroup, and writes.
    const auto rejoined = m_carol->call(api::SubscribeChannel{open});
    MSGR_VERIFY_OK(rejoined);
    QCOMPARE(rejoined.value->channel.role, std::optional(api::ChannelRole::Subscriber));
    QCOMPARE(rejoined.value->channel.subscriberCount, 2);
    QVERIFY(takeUntil(*m_alice, [&](const auto &f) { return pushedCounts(f, open).contains(2); }));
    MSGR_VERIFY_OK(m_carol->call(api::SendMessage{open, ++m_randomId, QStringLiteral("back")}));
}

QTEST_GUILESS_MAIN(TstSupergroupMessages)
#include "tst_supergroup_messages.moc"
