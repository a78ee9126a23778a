// Drafts on the client, through the REAL msgr-server and the real sync engine (docs/protocol.md
// §17.2): what the user types on the laptop (core::Drafts, as the composer feeds it) reaches
// the account's other device after the typing pause; the other device's drafts, clears and a
// message it sends reach the laptop live and after the laptop was closed; a draft written
// offline is sent when the laptop comes online; a secret chat's draft never leaves the laptop;
// a draft over the server's limit is refused with TOO_LARGE and stays on the laptop.
#include "client_app.h"
#include "core/drafts/drafts.h"
#include "core_test_helpers.h"
#include "protocol/api/api.h"
#include "protocol/api/drafts.h"
#include "storage/tables/drafts_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;

namespace {
const QString kPassword = QStringLiteral("password123");
constexpr int kTimeoutMs = 20'000;

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_drafts_sync")) {}
};

//! The draft texts pushed to `client` (other updates are dropped) until `want` arrives.
bool awaitDraft(TestClient &client, qint64 chatId, const QString &want,
                QList<protocol::DraftUpdate> *seen = nullptr) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kTimeoutMs) {
        for (const protocol::UpdateFrame &frame : client.takeUpdates()) {
            const auto update = protocol::updateFromCbor(frame.update);
            if (!update || !std::holds_alternative<protocol::DraftUpdate>(*update))
                continue;
            const auto &draft = std::get<protocol::DraftUpdate>(*update);
            if (seen)
                seen->append(draft);
            if (draft.chatId == chatId && draft.text == want)
                return true;
        }
        client.waitForUpdates(1, 500);
    }
    return false;
}

std::optional<storage::DraftRow> storedDraft(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::DraftsTable::find(tx, chatId);
    });
}
} // namespace

class TstDraftsSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void draftsFollowTheUserAcrossDevices() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        auto laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        const qint64 chatId =
            laptop->signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(chatId > 0);
        TestClient phone; // alice's other device, at the protocol level
        QVERIFY(phone.connectTo(server.wsUrl()));
        QVERIFY(
            !phone.logIn(QStringLiteral("alice"), kPassword, QStringLiteral("phone")).isEmpty());
        core::Drafts *drafts = laptop->context->drafts();

        // Typed on the laptop: shown at once, on the phone after the pause.
        drafts->edit(double(chatId), QStringLiteral("h"));
        drafts->edit(double(chatId), QStringLiteral("half a thought"));
        QCOMPARE(drafts->text(double(chatId)), QStringLiteral("half a thought"));
        QList<protocol::DraftUpdate> seen;
        QVERIFY(awaitDraft(phone, chatId, QStringLiteral("half a thought"), &seen));
        QCOMPARE(seen.size(), 1); // one save for the burst of keys, not one per key
        test::awaitCondition(
            [&] {
                const auto row = storedDraft(laptop->store, chatId);
                return row && !row->dirty;
            },
            "the laptop's draft acknowledged");

        // The phone's draft replaces it on the laptop, live; its clear clears it.
        MSGR_VERIFY_OK(phone.call(api::SaveDraft{chatId, QStringLiteral("from the phone")}));
        QTRY_COMPARE_WITH_TIMEOUT(drafts->text(double(chatId)), QStringLiteral("from the phone"),
                                  kTimeoutMs);
        MSGR_VERIFY_OK(phone.call(api::SaveDraft{chatId, QString()}));
        QTRY_COMPARE_WITH_TIMEOUT(drafts->text(double(chatId)), QString(), kTimeoutMs);
        QVERIFY(!storedDraft(laptop->store, chatId));

        // A message the phone sends clears the laptop's draft (the server clears it).
        drafts->edit(double(chatId), QStringLiteral("will be sent"));
        QVERIFY(awaitDraft(phone, chatId, QStringLiteral("will be sent")));
        QVERIFY(test::sendAs(phone, chatId, QStringLiteral("will be sent")) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(drafts->text(double(chatId)), QString(), kTimeoutMs);

        // A secret chat's draft stays on the laptop: stored, never dirty, never sent. A draft
        // typed after it reaches the phone, and the secret one never came before it.
        constexpr qint64 kSecretChat = -7;
        drafts->edit(double(kSecretChat), QStringLiteral("secret words"));
        drafts->saveNow(double(kSecretChat));
        drafts->edit(double(chatId), QStringLiteral("after the secret"));
        seen.clear();
        QVERIFY(awaitDraft(phone, chatId, QStringLiteral("after the secret"), &seen));
        for (const protocol::DraftUpdate &d : seen)
            QVERIFY(d.text != QStringLiteral("secret words"));
        const auto secretRow = storedDraft(laptop->store, kSecretChat);
        QVERIFY(secretRow);
        QCOMPARE(secretRow->text, QStringLiteral("secret words"));
        QVERIFY(!secretRow->dirty);
        const auto listed = phone.call(api::GetDrafts{0});
        MSGR_VERIFY_OK(listed);
        for (const protocol::Draft &d : listed.value->drafts)
            QVERIFY(d.text != QStringLiteral("secret words"));

        // Too long for the server: refused with the typed error, kept on the laptop.
        QSignalSpy refused(laptop->engine, &core::SyncEngine::draftRefused);
        const QString tooLong(4097, QLatin1Char('x'));
        drafts->edit(double(chatId), tooLong);
        drafts->saveNow(double(chatId));
        QVERIFY(refused.wait(kTimeoutMs));
        QCOMPARE(refused.first().at(0).toLongLong(), chatId);
        QCOMPARE(refused.first().at(1).toString(), QStringLiteral("TOO_LARGE"));
        test::awaitCondition(
            [&] {
                const auto row = storedDraft(laptop->store, chatId);
                return row && row->text == tooLong && !row->dirty;
            },
            "the refused draft kept on the laptop only");
        drafts->edit(double(chatId), QString());
        drafts->saveNow(double(chatId));
        QVERIFY(awaitDraft(phone, chatId, QString()));
        // Acknowledged here too, before closing: a clear still pending would be resent on the
        // next start and clear the phone's newer draft (the latest local edit wins).
        test::awaitCondition([&] { return !storedDraft(laptop->store, chatId); },
                             "the clear acknowledged");

        // Closed: the phone's draft arrives when the laptop starts again (getDifference).
        laptop.reset();
        MSGR_VERIFY_OK(phone.call(api::SaveDraft{chatId, QStringLiteral("while closed")}));
        laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        drafts = laptop->context->drafts();
        laptop->start();
        QTRY_COMPARE_WITH_TIMEOUT(drafts->text(double(chatId)), QStringLiteral("while closed"),
                                  kTimeoutMs);
        QCOMPARE(drafts->text(double(kSecretChat)), QStringLiteral("secret words"));

        // Written offline (the engine not started): kept, and sent once online, winning over
        // the phone's older one.
        laptop.reset();
        laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        drafts = laptop->context->drafts();
        QTRY_COMPARE_WITH_TIMEOUT(drafts->text(double(chatId)), QStringLiteral("while closed"),
                                  kTimeoutMs);
        drafts->edit(double(chatId), QStringLiteral("written offline"));
        drafts->saveNow(double(chatId));
        test::awaitCondition(
            [&] {
                const auto row = storedDraft(laptop->store, chatId);
                return row && row->dirty && row->text == QStringLiteral("written offline");
            },
            "the offline draft stored, waiting for the server");
        phone.takeUpdates();
        laptop->start();
        QVERIFY(awaitDraft(phone, chatId, QStringLiteral("written offline")));
        // The list fetched on authorization did not bring the phone's older draft back.
        QCOMPARE(drafts->text(double(chatId)), QStringLiteral("written offline"));

        // A device new to the account learns the drafts from the list (messages.getDrafts).
        QTemporaryDir tabletDir;
        ClientApp tablet(tabletDir.path(), server.wsUrl());
        QVERIFY(tablet.opened);
        tablet.start();
        tablet.engine->logIn(QStringLiteral("alice"), kPassword);
        QTRY_COMPARE_WITH_TIMEOUT(tablet.context->drafts()->text(double(chatId)),
                                  QStringLiteral("written offline"), kTimeoutMs);
    }
};

QTEST_MAIN(TstDraftsSync)
#include "tst_drafts_sync.moc"
