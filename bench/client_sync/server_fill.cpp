#include "server_fill.h"

#include "protocol/methods.h"
#include "tests/support/message_pump.h"
#include "tests/support/test_client.h"

#include <QElapsedTimer>
#include <QTest>
#include <memory>
#include <vector>

namespace msgr::bench {
namespace {

using L = QLatin1StringView;

// Sign-up and log-in hash the password on the server: allow a slow shared machine.
constexpr int kCallTimeoutMs = 60'000;
// A sender connection that makes no progress at all for this long means something broke.
constexpr int kStallTimeoutMs = 120'000;

} // namespace

qint64 createChat(const QUrl &url, const Accounts &accounts, QString *error) {
    TestClient receiver;
    TestClient sender;
    if (!receiver.connectTo(url) || !sender.connectTo(url)) {
        *error = QStringLiteral("cannot connect to %1").arg(url.toString());
        return 0;
    }
    receiver.signUp(accounts.receiver, accounts.password, QStringLiteral("fill"));
    sender.signUp(accounts.sender, accounts.password, QStringLiteral("fill"));
    if (receiver.userId() == 0 || sender.userId() == 0) {
        *error = QStringLiteral("sign-up failed: %1 %2")
                     .arg(receiver.lastErrorName(), sender.lastErrorName());
        return 0;
    }
    const QCborMap chat = sender.call(protocol::method::ChatsOpenPrivate,
                                      {{L("userId"), receiver.userId()}}, kCallTimeoutMs);
    const qint64 chatId = chat.value(L("chat")).toMap().value(L("id")).toInteger();
    if (chatId == 0)
        *error = QStringLiteral("chats.openPrivate failed: %1").arg(sender.lastErrorName());
    return chatId;
}

FillResult sendMessages(const QUrl &url, const Accounts &accounts, qint64 chatId, int messages,
                        int connections, int window) {
    FillResult result;
    std::vector<std::unique_ptr<TestClient>> clients;
    std::vector<std::unique_ptr<MessagePump>> pumps;
    for (int i = 0; i < connections; ++i) {
        auto client = std::make_unique<TestClient>();
        if (!client->connectTo(url)) {
            result.error = QStringLiteral("sender connection %1 failed").arg(i);
            return result;
        }
        client->logIn(accounts.sender, accounts.password, QStringLiteral("sender-%1").arg(i));
        if (client->userId() == 0) {
            result.error =
                QStringLiteral("sender log-in %1 failed: %2").arg(i).arg(client->lastErrorName());
            return result;
        }
        // Every sender device is pushed each message the others send; drop them at once, or
        // 40 connections x 100k updates would hold gigabytes in this (the client's) process.
        TestClient *raw = client.get();
        QObject::connect(raw, &TestClient::updateReceived, raw,
                         [raw] { (void)raw->takeUpdates(); });
        clients.push_back(std::move(client));
    }

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < connections; ++i) {
        // An even share each; the first connections take the remainder.
        const int share = messages / connections + (i < messages % connections ? 1 : 0);
        auto pump = std::make_unique<MessagePump>(*clients[size_t(i)], chatId,
                                                  QStringLiteral("c%1 message ").arg(i), window);
        pump->start(share);
        pumps.push_back(std::move(pump));
    }
    auto acknowledged = [&] {
        int sum = 0;
        for (const auto &p : pumps)
            sum += p->acknowledged();
        return sum;
    };
    auto broken = [&] {
        for (size_t i = 0; i < pumps.size(); ++i) {
            if (pumps[i]->failures() > 0 || !clients[i]->isConnected())
                return true;
        }
        return false;
    };
    int lastSeen = -1;
    while (acknowledged() < messages && !broken()) {
        lastSeen = acknowledged();
        // Wait for progress (or the end); give up only when nothing moves for a long time.
        if (!QTest::qWaitFor([&] { return acknowledged() != lastSeen || broken(); },
                             kStallTimeoutMs)) {
            result.error = QStringLiteral("no progress for %1 s at %2 of %3 messages")
                               .arg(kStallTimeoutMs / 1000)
                               .arg(lastSeen)
                               .arg(messages);
            break;
        }
    }
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.acknowledged = acknowledged();
    for (const auto &p : pumps)
        result.floodWaits += p->floodWaits();
    if (result.error.isEmpty() && broken())
        result.error = QStringLiteral("a sender failed or lost its connection");
    result.ok = result.error.isEmpty() && result.acknowledged == messages;
    return result;
}

qint64 receiverPts(const QUrl &url, const Accounts &accounts) {
    TestClient client;
    if (!client.connectTo(url))
        return -1;
    client.logIn(accounts.receiver, accounts.password, QStringLiteral("pts-probe"));
    if (client.userId() == 0)
        return -1;
    const QCborMap state = client.call(protocol::method::UpdatesGetState, {}, kCallTimeoutMs);
    return client.lastError() ? -1 : state.value(L("pts")).toInteger();
}

} // namespace msgr::bench
