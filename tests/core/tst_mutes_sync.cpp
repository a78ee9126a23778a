// Muted chats across two devices of one account through the REAL msgr-server and the real sync
// engine: a mute made here through the engine is counted on the server's clock and shown in the
// chat list (muted, out of the unread total); the phone's unmute reaches the laptop live; a mute
// that runs out ends in the list on time, with no message from the server; a restarted laptop
// learns what it missed.
#include "client_app.h"
#include "core/chats/chat_list_model.h"
#include "core_test_helpers.h"
#include "protocol/api/mutes.h"
#include "storage/tables/mutes_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
namespace api = protocol::api;
using core::ChatListModel;

namespace {
const QString kPassword = QStringLiteral("password123");

struct ClientApp : test::ClientApp {
    ClientApp(const QString &dir, const QUrl &url)
        : test::ClientApp(dir, url, QStringLiteral("tst_mutes_sync")) {}
};

bool mutedRow(const ChatListModel &model, qint64 chatId) {
    const int row = model.rowOfChat(chatId);
    return row >= 0 && model.data(model.index(row), ChatListModel::MutedRole).toBool();
}
int unreadOf(const ChatListModel &model, qint64 chatId) {
    const int row = model.rowOfChat(chatId);
    return row < 0 ? -1 : model.data(model.index(row), ChatListModel::UnreadCountRole).toInt();
}
qint64 storedMute(storage::ProfileStore &store, qint64 chatId) {
    return test::read(store, [chatId](storage::ReadTransaction &tx) {
        return storage::MutesTable::load(tx).value(chatId, 0);
    });
}
} // namespace

class TstMutesSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void aMuteHereAndAnUnmuteOnThePhoneAndARestart() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob, carol;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QVERIFY(carol.connectTo(server.wsUrl()));
        QVERIFY(!carol.signUp(QStringLiteral("carol"), kPassword).isEmpty());

        QTemporaryDir dir;
        auto laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        QVERIFY(laptop->opened);
        const qint64 withBob =
            laptop->signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(withBob > 0);
        TestClient phone; // alice's other device
        QVERIFY(phone.connectTo(server.wsUrl()));
        QVERIFY(
            !phone.logIn(QStringLiteral("alice"), kPassword, QStringLiteral("phone")).isEmpty());
        const auto opened = phone.call(api::OpenPrivateChat{carol.userId()});
        MSGR_VERIFY_OK(opened);
        const qint64 withCarol = opened.value->chat.id;

        auto model = std::make_unique<ChatListModel>(laptop->context.get());
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        model->load();
        // Two unread from bob, three from carol: nothing muted yet, all five count.
        for (int i = 0; i < 2; ++i)
            QVERIFY(test::sendAs(bob, withBob, QStringLiteral("bob %1").arg(i)) > 0);
        for (int i = 0; i < 3; ++i)
            QVERIFY(test::sendAs(carol, withCarol, QStringLiteral("carol %1").arg(i)) > 0);
        test::awaitCondition([&] { return model->unreadTotal() == 5; }, "five unread in all");

        // Muted here for eight hours through the engine: stored as the server counted it.
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        laptop->engine->setChatMuted(withBob, true, 8 * 3600);
        test::awaitCondition([&] { return mutedRow(*model, withBob); }, "bob's chat muted");
        const qint64 end = storedMute(laptop->store, withBob);
        QVERIFY2(end >= before + 8 * 3'600'000 &&
                     end <= QDateTime::currentMSecsSinceEpoch() + 8 * 3'600'000,
                 qPrintable(QString::number(end - before)));
        QCOMPARE(model->unreadTotal(), 3); // bob's two stay in his grey badge
        QCOMPARE(unreadOf(*model, withBob), 2);
        QVERIFY(!mutedRow(*model, withCarol));
        // The phone learns it from the server.
        const auto listed = phone.call(api::ListMutedChats{});
        MSGR_VERIFY_OK(listed);
        QCOMPARE(listed.value->chats, (QList<api::ChatMute>{{withBob, end}}));

        // The phone mutes carol forever and unmutes bob: the laptop follows live.
        MSGR_VERIFY_OK(phone.call(api::SetChatMuted{withCarol, true, 0}));
        MSGR_VERIFY_OK(phone.call(api::SetChatMuted{withBob, false, 0}));
        test::awaitCondition(
            [&] { return mutedRow(*model, withCarol) && !mutedRow(*model, withBob); },
            "carol muted and bob unmuted on the laptop");
        QCOMPARE(model->unreadTotal(), 2);

        // Closed: the laptop misses an unmute and catches up on start.
        model.reset();
        laptop.reset();
        const auto last = phone.call(api::SetChatMuted{withCarol, false, 0});
        MSGR_VERIFY_OK(last);
        laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        laptop->start();
        test::awaitCondition([&] { return laptop->syncedPts >= last.value->pts; },
                             "the restarted laptop in sync past the phone's unmute");
        QCOMPARE(storedMute(laptop->store, withCarol), qint64(0));
        model = std::make_unique<ChatListModel>(laptop->context.get());
        model->load();
        test::awaitCondition([&] { return model->unreadTotal() == 5; },
                             "nothing muted after the restart: all five count again");
    }

    void aMuteThatRunsOutEndsInTheListOnTime() {
        ServerProcess server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.wsUrl()));
        QVERIFY(!bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        QTemporaryDir dir;
        ClientApp laptop(dir.path(), server.wsUrl());
        QVERIFY(laptop.opened);
        const qint64 withBob =
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, bob.userId());
        QVERIFY(withBob > 0);
        QVERIFY(test::sendAs(bob, withBob, QStringLiteral("hello")) > 0);
        ChatListModel model(laptop.context.get());
        model.load();
        test::awaitCondition([&] { return model.unreadTotal() == 1; }, "one unread");

        // A mute stored as if set an hour ago for an hour and a moment: it ends in 700 ms.
        const qint64 end = QDateTime::currentMSecsSinceEpoch() + 700;
        laptop.store.write([withBob, end](storage::WriteTransaction &tx) {
            storage::MutesTable::set(tx, withBob, end);
        });
        test::awaitCondition([&] { return mutedRow(model, withBob); }, "muted for now");
        QCOMPARE(model.unreadTotal(), 0);
        QSignalSpy totalChanged(&model, &ChatListModel::unreadTotalChanged);
        QVERIFY(totalChanged.wait(5000)); // the list's own timer: no update from anywhere
        QVERIFY(QDateTime::currentMSecsSinceEpoch() >= end);
        QCOMPARE(model.unreadTotal(), 1);
        QVERIFY(!mutedRow(model, withBob));
    }
};

QTEST_GUILESS_MAIN(TstMutesSync)
#include "tst_mutes_sync.moc"
