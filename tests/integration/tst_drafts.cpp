// Drafts through the real server (docs/protocol.md §17.2): a draft saved on one device reaches
// the user's other devices live and through getDifference, never the other member; a retry
// logs nothing; clearing and sending clear it everywhere; a new device learns the drafts with
// messages.getDrafts; a too-long draft, a stranger's chat and a flood of saves are refused with
// their typed errors.
#include "protocol/api/api.h"
#include "protocol/api/drafts.h"
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

template <typename U> QList<U> updatesAs(const QList<protocol::UpdateFrame> &frames) {
    QList<U> out;
    for (const protocol::UpdateFrame &frame : frames) {
        const auto update = protocol::updateFromCbor(frame.update);
        if (update && std::holds_alternative<U>(*update))
            out.append(std::get<U>(*update));
    }
    return out;
}

//! The updates of type U pushed to `client` until `count` of them arrived (or 10 s passed).
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

QList<protocol::Draft> allDrafts(TestClient &client) {
    const auto page = client.call(api::GetDrafts{0});
    return page.ok() ? page.value->drafts : QList<protocol::Draft>{};
}
} // namespace

class TstDrafts : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aDraftReachesTheUsersOtherDevicesOnly();
    void clearingReachesTheOtherDevices();
    void sendingAMessageClearsTheDraft();
    void anOfflineDeviceCatchesUpAndANewOneLists();
    void badDraftsAreRefusedWithTypedErrors();
    void aFloodOfSavesIsRefused();

private:
    std::unique_ptr<TestClient> device(const QString &user, bool signUp, const QString &name);

    ServerProcess m_server;
    std::unique_ptr<TestClient> m_phone, m_laptop, m_bob, m_carol;
    qint64 m_chat = 0; // alice and bob
};

std::unique_ptr<TestClient> TstDrafts::device(const QString &user, bool signUp,
                                              const QString &name) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(m_server.wsUrl()))
        return nullptr;
    const QCborMap r =
        signUp ? client->signUp(user, kPassword, name) : client->logIn(user, kPassword, name);
    return r.isEmpty() ? nullptr : std::move(client);
}

void TstDrafts::initTestCase() {
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

void TstDrafts::aDraftReachesTheUsersOtherDevicesOnly() {
    m_laptop->takeUpdates();
    m_bob->takeUpdates();
    const auto saved = m_phone->call(api::SaveDraft{m_chat, QStringLiteral("see you at")});
    MSGR_VERIFY_OK(saved);
    QVERIFY(saved.value->date > 0);

    const auto onLaptop = collect<protocol::DraftUpdate>(*m_laptop, 1);
    QCOMPARE(onLaptop.size(), 1);
    QCOMPARE(onLaptop.first(),
             (protocol::DraftUpdate{m_chat, QStringLiteral("see you at"), saved.value->date}));
    QCOMPARE(allDrafts(*m_laptop),
             (QList<protocol::Draft>{{m_chat, QStringLiteral("see you at"), saved.value->date}}));

    // The same text again (a retry after a lost answer): nothing logged, the same date.
    const auto again = m_phone->call(api::SaveDraft{m_chat, QStringLiteral("see you at")});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->pts, saved.value->pts);
    QCOMPARE(again.value->date, saved.value->date);

    // Bob, the other member, is never told: his log holds no draft, and his list is empty.
    const auto bobs = m_bob->call(api::GetDifference{0, 500});
    MSGR_VERIFY_OK(bobs);
    for (const protocol::LoggedUpdate &logged : bobs.value->updates)
        QVERIFY(!std::holds_alternative<protocol::DraftUpdate>(logged.update));
    QVERIFY(updatesAs<protocol::DraftUpdate>(m_bob->takeUpdates()).isEmpty());
    QVERIFY(allDrafts(*m_bob).isEmpty());
}

void TstDrafts::clearingReachesTheOtherDevices() {
    MSGR_VERIFY_OK(m_phone->call(api::SaveDraft{m_chat, QStringLiteral("to clear")}));
    QCOMPARE(collect<protocol::DraftUpdate>(*m_laptop, 1).size(), 1);
    const auto cleared = m_phone->call(api::SaveDraft{m_chat, QString()});
    MSGR_VERIFY_OK(cleared);
    QCOMPARE(cleared.value->date, 0);
    const auto onLaptop = collect<protocol::DraftUpdate>(*m_laptop, 1);
    QCOMPARE(onLaptop.size(), 1);
    QCOMPARE(onLaptop.first().chatId, m_chat);
    QVERIFY(onLaptop.first().text.isEmpty());
    QVERIFY(allDrafts(*m_laptop).isEmpty());
    // Clearing no draft is a retry: nothing logged.
    const auto again = m_phone->call(api::SaveDraft{m_chat, QString()});
    MSGR_VERIFY_OK(again);
    QCOMPARE(again.value->pts, cleared.value->pts);
}

void TstDrafts::sendingAMessageClearsTheDraft() {
    MSGR_VERIFY_OK(m_phone->call(api::SaveDraft{m_chat, QStringLiteral("almost sent")}));
    QCOMPARE(collect<protocol::DraftUpdate>(*m_laptop, 1).size(), 1);
    const auto sent = m_phone->call(api::SendMessage{m_chat, 4242, QStringLiteral("sent")});
    MSGR_VERIFY_OK(sent);
    const auto onLaptop = collect<protocol::DraftUpdate>(*m_laptop, 1);
    QCOMPARE(onLaptop.size(), 1);
    QVERIFY(onLaptop.first().text.isEmpty());
    QVERIFY(allDrafts(*m_phone).isEmpty());
    // The cleared draft is logged before the message: the answer's pts covers both.
    const auto diff = m_phone->call(api::GetDifference{sent.value->pts - 2, 500});
    MSGR_VERIFY_OK(diff);
    QCOMPARE(diff.value->updates.size(), 2);
    QVERIFY(std::holds_alternative<protocol::DraftUpdate>(diff.value->updates.first().update));
    QCOMPARE(diff.value->updates.last().pts, sent.value->pts);
}

void TstDrafts::anOfflineDeviceCatchesUpAndANewOneLists() {
    const qint64 laptopPts = m_laptop->call(api::GetState{}).value->pts;
    m_laptop->close();
    const auto saved = m_phone->call(api::SaveDraft{m_chat, QStringLiteral("while away")});
    MSGR_VERIFY_OK(saved);

    // The laptop, back: the difference brings the draft.
    m_laptop = device(QStringLiteral("alice"), false, QStringLiteral("laptop again"));
    QVERIFY(m_laptop);
    const auto diff = m_laptop->call(api::GetDifference{laptopPts, 500});
    MSGR_VERIFY_OK(diff);
    QList<protocol::DraftUpdate> drafts;
    for (const protocol::LoggedUpdate &logged : diff.value->updates)
        if (const auto *d = std::get_if<protocol::DraftUpdate>(&logged.update))
            drafts.append(*d);
    QVERIFY(!drafts.isEmpty());
    QCOMPARE(drafts.last().text, QStringLiteral("while away"));

    // A device new to the account lists it.
    auto tablet = device(QStringLiteral("alice"), false, QStringLiteral("tablet"));
    QVERIFY(tablet);
    const auto page = tablet->call(api::GetDrafts{0});
    MSGR_VERIFY_OK(page);
    QVERIFY(page.value->final);
    QVERIFY(page.value->time >= saved.value->date);
    QCOMPARE(page.value->drafts,
             (QList<protocol::Draft>{{m_chat, QStringLiteral("while away"), saved.value->date}}));
    // Past the last chat: an empty, final page.
    const auto past = tablet->call(api::GetDrafts{m_chat});
    MSGR_VERIFY_OK(past);
    QVERIFY(past.value->drafts.isEmpty());
    QVERIFY(past.value->final);
}

void TstDrafts::badDraftsAreRefusedWithTypedErrors() {
    const qint64 before = m_phone->call(api::GetState{}).value->pts;
    const auto tooLong = m_phone->call(api::SaveDraft{m_chat, QString(4097, QLatin1Char('x'))});
    QVERIFY(!tooLong.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("TOO_LARGE"));
    // Exactly the limit is a draft.
    MSGR_VERIFY_OK(m_phone->call(api::SaveDraft{m_chat, QString(4096, QLatin1Char('y'))}));

    // Carol is not in alice and bob's chat: NOT_FOUND, as for no chat at all.
    const auto stranger = m_carol->call(api::SaveDraft{m_chat, QStringLiteral("hi")});
    QVERIFY(!stranger.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto strangerClear = m_carol->call(api::SaveDraft{m_chat, QString()});
    QVERIFY(!strangerClear.ok());
    QCOMPARE(m_carol->lastErrorName(), QStringLiteral("NOT_FOUND"));
    const auto noChat = m_phone->call(api::SaveDraft{m_chat + 100000, QStringLiteral("hi")});
    QVERIFY(!noChat.ok());
    QCOMPARE(m_phone->lastErrorName(), QStringLiteral("NOT_FOUND"));
    QVERIFY(allDrafts(*m_carol).isEmpty());
    // Only the accepted one was logged.
    QCOMPARE(m_phone->call(api::GetState{}).value->pts, before + 1);
}

void TstDrafts::aFloodOfSavesIsRefused() {
    // Carol's own chat ("Saved Messages"); her bucket is hers alone.
    const auto own = m_carol->call(api::OpenPrivateChat{m_carol->userId()});
    MSGR_VERIFY_OK(own);
    int accepted = 0;
    for (int i = 0; i < api::kDraftSaveBurst + 5; ++i) {
        const auto r = m_carol->call(api::SaveDraft{own.value->chat.id, QString::number(i)});
        if (!r.ok()) {
            QCOMPARE(m_carol->lastErrorName(), QStringLiteral("FLOOD_WAIT"));
            break;
        }
        ++accepted;
    }
    // The refusals above used one token each (the NOT_FOUND ones included).
    QVERIFY2(accepted < api::kDraftSaveBurst + 5, "no FLOOD_WAIT");
    QVERIFY(accepted >= api::kDraftSaveBurst - 2);
}

QTEST_GUILESS_MAIN(TstDrafts)
#include "tst_drafts.moc"
