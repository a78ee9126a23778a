// Group invite links and the read list of a message, through the real server (docs/protocol.md
// §20, §21): a member cannot export a link, the owner can, a revoked (or replaced) token answers
// NOT_FOUND exactly like one never issued, joining by link puts the joiner in the group live
// for everyone and a retry changes nothing, link attempts are rate-limited per user, and the
// sender of a message sees the others go from sent to delivered to read while nobody else may
// look.
#include "protocol/api/api.h"
#include "protocol/api/invites.h"
#include "protocol/api/readers.h"
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

class TstGroupInvites : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aMemberCannotExportALink();
    void aRevokedTokenFailsLikeAnUnknownOne();
    void joiningByLinkReachesEveryMemberLive();
    void linkAttemptsAreRateLimited();
    void theSenderSeesDeliveredThenRead();
    void nobodyButTheSenderSeesTheList();

private:
    std::unique_ptr<TestClient> user(const QString &name);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_alice, m_bob, m_carol;
    qint64 m_chat = 0;
    qint64 m_message = 0;
};

std::unique_ptr<TestClient> TstGroupInvites::user(const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    return client->signUp(name, kPassword).isEmpty() ? nullptr : std::move(client);
}

void TstGroupInvites::initTestCase() {
    QVERIFY(m_server.start());
    m_alice = user(QStringLiteral("alice"));
    m_bob = user(QStringLiteral("bob"));
    m_carol = user(QStringLiteral("carol"));
    QVERIFY(m_alice && m_bob && m_carol);
    const auto created =
        m_alice->call(api::CreateGroup{4242, QStringLiteral("Book club"), {m_bob->userId()}});
    MSGR_VERIFY_OK(created);
    m_chat = created.value->chat.id;
    QVERIFY(m_bob->waitForUpdates(2));
    m_bob->takeUpdates();
    m_alice->takeUpdates();
}

void TstGroupInvites::aMemberCannotExportALink() {
    QVERIFY(!m_bob->call(api::ExportInvite{m_chat}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    QVERIFY(!m_carol->call(api::ExportInvite{m_chat}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
}

void TstGroupInvites::aRevokedTokenFailsLikeAnUnknownOne() {
    const auto first = m_alice->call(api::ExportInvite{m_chat});
    MSGR_VERIFY_OK(first);
    QCOMPARE(first.value->chatId, m_chat);
    QCOMPARE(first.value->token.size(), 43);
    const auto preview = m_carol->call(api::CheckInvite{first.value->token});
    MSGR_VERIFY_OK(preview);
    QCOMPARE(*preview.value, (api::InvitePreview{QStringLiteral("Book club"), 2, false, 0}));

    // Exporting again kills the first token; revoking kills the second.
    const auto second = m_alice->call(api::ExportInvite{m_chat});
    MSGR_VERIFY_OK(second);
    MSGR_VERIFY_OK(m_alice->call(api::RevokeInvite{m_chat}));
    QVERIFY(!m_carol->call(api::CheckInvite{QString(43, QLatin1Char('x'))}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const QString unknownMessage = m_carol->lastError()->message;
    for (const QString &dead : {first.value->token, second.value->token}) {
        QVERIFY(!m_carol->call(api::CheckInvite{dead}).ok());
        QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
        QCOMPARE(m_carol->lastError()->message, unknownMessage);
    }
    QVERIFY(!m_carol->call(api::JoinByInvite{second.value->token}).ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(m_carol->takeUpdates().isEmpty());
}

void TstGroupInvites::joiningByLinkReachesEveryMemberLive() {
    const auto link = m_alice->call(api::ExportInvite{m_chat});
    MSGR_VERIFY_OK(link);
    m_alice->takeUpdates();
    m_bob->takeUpdates();

    const auto joined = m_carol->call(api::JoinByInvite{link.value->token});
    MSGR_VERIFY_OK(joined);
    QCOMPARE(joined.value->chat.id, m_chat);
    QVERIFY(joined.value->chat.memberIds.contains(m_carol->userId()));

    // Bob hears the chat change and the service message naming Carol, sent by her.
    QVERIFY(m_bob->waitForUpdates(2));
    const QList<protocol::UpdateFrame> told = m_bob->takeUpdates();
    QCOMPARE(updatesOfType(told, L("chatChanged")).size(), 1);
    const QList<protocol::Message> notice = newMessages(told);
    QCOMPARE(notice.size(), 1);
    QCOMPARE(notice.first().senderId, m_carol->userId());
    QCOMPARE(notice.first().action->kind, protocol::ActionKind::MembersAdded);
    QCOMPARE(notice.first().action->userIds, QList<qint64>{m_carol->userId()});
    QVERIFY(m_carol->waitForUpdates(2));
    QCOMPARE(updatesOfType(m_carol->takeUpdates(), L("newChat")).size(), 1);
    m_alice->takeUpdates();

    // A retry answers the same chat and tells nobody anything.
    const auto again = m_carol->call(api::JoinByInvite{link.value->token});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->chat.memberIds, joined.value->chat.memberIds);
    const auto preview = m_carol->call(api::CheckInvite{link.value->token});
    MSGR_VERIFY_OK(preview);
    QVERIFY(preview.value->member);
    QCOMPARE(preview.value->chatId, m_chat);
    QCOMPARE(preview.value->memberCount, 3);
    MSGR_VERIFY_OK(m_bob->call(api::Ping{}));
    QVERIFY(m_bob->takeUpdates().isEmpty());
}

void TstGroupInvites::linkAttemptsAreRateLimited() {
    auto mallory = user(QStringLiteral("mallory"));
    QVERIFY(mallory);
    for (int i = 0; i < api::kInviteAttemptBurst; ++i) {
        QVERIFY(!mallory->call(api::CheckInvite{QStringLiteral("guess%1").arg(i)}).ok());
        QCOMPARE(mallory->lastErrorName(), QStringLiteral("NOT_FOUND"));
    }
    QVERIFY(!mallory->call(api::JoinByInvite{QStringLiteral("one more guess")}).ok());
    QCOMPARE(mallory->lastErrorName(), QStringLiteral("FLOOD_WAIT"));
    QVERIFY(!mallory->call(api::CheckInvite{QStringLiteral("and another")}).ok());
    QCOMPARE(mallory->lastErrorName(), QStringLiteral("FLOOD_WAIT"));
}

void TstGroupInvites::theSenderSeesDeliveredThenRead() {
    const auto sent = m_alice->call(api::SendMessage{m_chat, 77, QStringLiteral("who reads?")});
    MSGR_VERIFY_OK(sent);
    m_message = sent.value->message.id;
    QVERIFY(m_bob->waitForUpdates(1));
    QVERIFY(m_carol->waitForUpdates(1));
    m_bob->takeUpdates();
    m_carol->takeUpdates();
    using State = api::ReaderState;
    auto states = [this]() {
        QList<std::pair<qint64, State>> out;
        const auto list = m_alice->call(api::GetMessageReaders{m_chat, m_message});
        if (list.ok())
            for (const api::MessageReader &r : list.value->readers)
                out.append({r.userId, r.state});
        return out;
    };
    QCOMPARE(states(), (QList<std::pair<qint64, State>>{{m_bob->userId(), State::Sent},
                                                        {m_carol->userId(), State::Sent}}));

    MSGR_VERIFY_OK(m_bob->call(api::MarkReceived{m_chat, m_message}));
    QCOMPARE(states(), (QList<std::pair<qint64, State>>{{m_bob->userId(), State::Delivered},
                                                        {m_carol->userId(), State::Sent}}));
    MSGR_VERIFY_OK(m_bob->call(api::MarkRead{m_chat, m_message}));
    MSGR_VERIFY_OK(m_carol->call(api::MarkReceived{m_chat, m_message}));
    const auto list = m_alice->call(api::GetMessageReaders{m_chat, m_message});
    MSGR_VERIFY_OK(list);
    QCOMPARE(list.value->readers.size(), 2);
    QCOMPARE(list.value->readers.at(0).state, State::Read);
    QCOMPARE(list.value->readers.at(1).state, State::Delivered);
    // Each with the server's time of it, not before the message was sent.
    for (const api::MessageReader &r : list.value->readers)
        QVERIFY2(r.at > 0, "the time of the state is known");
}

void TstGroupInvites::nobodyButTheSenderSeesTheList() {
    QVERIFY(!m_bob->call(api::GetMessageReaders{m_chat, m_message}).ok());
    QCOMPARE(m_bob->lastErrorName(), QStringLiteral("FORBIDDEN"));
    auto eve = user(QStringLiteral("eve"));
    QVERIFY(eve);
    QVERIFY(!eve->call(api::GetMessageReaders{m_chat, m_message}).ok());
    QCOMPARE(eve->lastErrorName(), QStringLiteral("NOT_FOUND"));
    // A private chat has no read list (its receipts already say it all).
    const auto direct = m_alice->call(api::OpenPrivateChat{m_bob->userId()});
    MSGR_VERIFY_OK(direct);
    const auto sent =
        m_alice->call(api::SendMessage{direct.value->chat.id, 78, QStringLiteral("hi")});
    MSGR_VERIFY_OK(sent);
    QVERIFY(
        !m_alice->call(api::GetMessageReaders{direct.value->chat.id, sent.value->message.id}).ok());
    QCOMPARE(m_alice->lastErrorName(), QStringLiteral("BAD_REQUEST"));
}

QTEST_GUILESS_MAIN(TstGroupInvites)
#include "tst_group_invites.moc"
