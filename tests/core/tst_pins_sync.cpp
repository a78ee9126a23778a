// A pin made on one device reaches another signed-in device of the same account through the
// REAL msgr-server and the real sync engine: live (a pushed pinnedChats update moves the row in
// the chat list) and after the device was closed (the difference on the next start).
#include "client_app.h"
#include "core/chats/chat_list_model.h"
#include "core_test_helpers.h"
#include "protocol/api/pins.h"
#include "storage/tables/pins_table.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QAbstractItemModelTester>
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
        : test::ClientApp(dir, url, QStringLiteral("tst_pins_sync")) {}
};

//! The chat ids of a chat list, top first.
QList<qint64> rows(const ChatListModel &model) {
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.data(model.index(row), ChatListModel::ChatIdRole).toLongLong());
    return ids;
}
bool pinnedAt(const ChatListModel &model, int row) {
    return model.data(model.index(row), ChatListModel::PinnedRole).toBool();
}
} // namespace

class TstPinsSync : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<storage::ChangeSet>(); }

    void aPinOnThePhoneReachesTheLaptopLiveAndAfterARestart() {
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
        // Carol's chat has the newest message, so it is on top until something is pinned.
        QVERIFY(test::sendAs(carol, withCarol, QStringLiteral("newest")) > 0);

        auto model = std::make_unique<ChatListModel>(laptop->context.get());
        QAbstractItemModelTester tester(model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        model->load();
        test::awaitCondition(
            [&] {
                return rows(*model) == QList<qint64>{withCarol, withBob};
            },
            "carol's chat on top of the laptop's list");

        // Live: the phone pins bob's chat; the laptop's list moves it to the top, marked.
        MSGR_VERIFY_OK(phone.call(api::SetChatPinned{withBob, true}));
        test::awaitCondition(
            [&] {
                return rows(*model) == QList<qint64>{withBob, withCarol};
            },
            "bob's pinned chat on top of the laptop's list");
        QVERIFY(pinnedAt(*model, 0));
        QVERIFY(!pinnedAt(*model, 1));

        // Closed: the laptop misses two changes and catches up by the difference on start.
        model.reset();
        laptop.reset();
        MSGR_VERIFY_OK(phone.call(api::SetChatPinned{withBob, false}));
        MSGR_VERIFY_OK(phone.call(api::SetChatPinned{withCarol, true}));
        const auto last = phone.call(api::SetChatPinned{withBob, true});
        MSGR_VERIFY_OK(last);
        laptop = std::make_unique<ClientApp>(dir.path(), server.wsUrl());
        laptop->start();
        test::awaitCondition([&] { return laptop->syncedPts >= last.value->pts; },
                             "the restarted laptop in sync past the phone's last pin");
        const QList<qint64> stored = test::read(laptop->store, [](storage::ReadTransaction &tx) {
            return storage::PinsTable::load(tx);
        });
        QCOMPARE(stored, (QList<qint64>{withBob, withCarol}));
        model = std::make_unique<ChatListModel>(laptop->context.get());
        model->load();
        test::awaitCondition(
            [&] {
                return rows(*model) == QList<qint64>{withBob, withCarol};
            },
            "both pinned chats, bob's last pinned on top, after the restart");
        QVERIFY(pinnedAt(*model, 0));
        QVERIFY(pinnedAt(*model, 1));
    }

    void aPinMadeHereThroughTheEngineReachesTheServerAndTheSixthIsRefused() {
        ServerProcess server;
        QVERIFY(server.start());
        QTemporaryDir dir;
        ClientApp laptop(dir.path(), server.wsUrl());
        QVERIFY(laptop.opened);
        QList<qint64> chats;
        QList<std::shared_ptr<TestClient>> peers;
        for (int i = 0; i < 6; ++i) {
            auto peer = std::make_shared<TestClient>();
            QVERIFY(peer->connectTo(server.wsUrl()));
            QVERIFY(!peer->signUp(QStringLiteral("peer%1").arg(i), kPassword).isEmpty());
            peers.append(peer);
        }
        chats.append(
            laptop.signUpAndOpenChat(QStringLiteral("alice"), kPassword, peers[0]->userId()));
        for (int i = 1; i < 6; ++i) {
            laptop.engine->openPrivateChat(peers[i]->userId());
            test::awaitCondition(
                [&] { return laptop.openedChat > 0 && !chats.contains(laptop.openedChat); },
                "the next private chat opened");
            chats.append(laptop.openedChat);
        }
        QSignalSpy refused(laptop.engine, &core::SyncEngine::pinRefused);
        for (int i = 0; i < 5; ++i) {
            laptop.engine->setChatPinned(chats[i], true);
            test::awaitCondition(
                [&] {
                    return test::read(laptop.store, [](storage::ReadTransaction &tx) {
                               return storage::PinsTable::load(tx);
                           }).size() == i + 1;
                },
                "the pin stored as the server answered");
        }
        QCOMPARE(
            test::read(laptop.store,
                       [](storage::ReadTransaction &tx) { return storage::PinsTable::load(tx); })
                .first(),
            chats[4]); // most recently pinned first
        laptop.engine->setChatPinned(chats[5], true);
        test::awaitCondition([&] { return refused.size() == 1; }, "the sixth pin refused");
        QCOMPARE(refused.first().at(2).toString(), QStringLiteral("LIMIT_EXCEEDED"));
        QCOMPARE(
            test::read(laptop.store,
                       [](storage::ReadTransaction &tx) { return storage::PinsTable::load(tx); })
                .size(),
            5);
    }
};

QTEST_GUILESS_MAIN(TstPinsSync)
#include "tst_pins_sync.moc"
