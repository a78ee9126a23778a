#pragma once
//! One run of the client app on a profile directory for tests against the real server: the
//! store, and the sync engine on its own network thread, with what the engine reported
//! collected on the test's thread.
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core_test_helpers.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "tests/support/test_client.h"

#include <QCborMap>
#include <QObject>
#include <QThread>
#include <memory>

namespace msgr::test {

class ClientApp : public QObject {
    Q_OBJECT
public:
    using SyncEngine = core::SyncEngine;

    //! `firstReconnectDelayMs`: the engine's first wait before reconnecting (its backoff).
    ClientApp(const QString &dir, const QUrl &url, const QString &deviceName,
              int firstReconnectDelayMs = core::ReconnectBackoff::kInitialMs) {
        opened = openStore(store, dir);
        context = std::make_unique<core::CoreContext>(&store);
        engine = new SyncEngine(&store, {url, deviceName, firstReconnectDelayMs});
        engine->moveToThread(&thread);
        connect(&thread, &QThread::finished, engine, &QObject::deleteLater);
        context->setEngine(engine);
        connect(engine, &SyncEngine::connectionChanged, this,
                [this](SyncEngine::Connection c) { connection = c; });
        connect(engine, &SyncEngine::signedIn, this, [this](qint64 id, const QString &) {
            userId = id;
            context->setSelfUserId(id);
        });
        connect(engine, &SyncEngine::signedOut, this, [this] { signedOut = true; });
        connect(engine, &SyncEngine::reconnectScheduled, this,
                [this](int delayMs) { reconnectDelays.append(delayMs); });
        connect(engine, &SyncEngine::synced, this, [this](qint64 pts) {
            ++syncs;
            syncedPts = pts;
        });
        connect(engine, &SyncEngine::messageSent, this,
                [this](qint64 localId, qint64) { sent.append(localId); });
        connect(engine, &SyncEngine::sendFailed, this,
                [this](qint64 localId, const QString &) { failed.append(localId); });
        connect(engine, &SyncEngine::privateChatOpened, this,
                [this](qint64 chatId) { openedChat = chatId; });
        thread.start();
    }
    ~ClientApp() override {
        engine->shutdown();
        thread.quit();
        thread.wait();
        context->setEngine(nullptr);
        flush(store);
    }

    void start() { engine->start(); }

    //! Starts, signs up as `name`, waits until in sync and opens the chat with peerId; returns
    //! its id, or 0 when any step did not happen in time.
    qint64 signUpAndOpenChat(const QString &name, const QString &password, qint64 peerId) {
        start();
        engine->signUp(name, password, name);
        if (!QTest::qWaitFor([&] { return syncs > 0 && userId > 0; }, 20'000))
            return 0;
        engine->openPrivateChat(peerId);
        (void)QTest::qWaitFor([&] { return openedChat > 0; }, 20'000);
        return openedChat;
    }

    storage::ProfileStore store;
    std::unique_ptr<core::CoreContext> context;
    SyncEngine *engine = nullptr;
    QThread thread;
    bool opened = false;

    SyncEngine::Connection connection = SyncEngine::Connection::Offline;
    qint64 userId = 0;
    bool signedOut = false;
    //! Every wait the engine announced before a reconnect, in order.
    QList<int> reconnectDelays;
    int syncs = 0;
    qint64 syncedPts = 0;
    QList<qint64> sent;
    QList<qint64> failed;
    qint64 openedChat = 0;
};

//! Sends a message as another user straight through the protocol; returns its server id.
inline qint64 sendAs(TestClient &client, qint64 chatId, const QString &text) {
    using L = QLatin1StringView;
    const QCborMap r = client.call(
        L("messages.send"),
        {{L("chatId"), chatId}, {L("randomId"), crypto::randomNonZeroInt63()}, {L("text"), text}});
    return r.value(L("message")).toMap().value(L("id")).toInteger();
}

} // namespace msgr::test
