// The client's one connection against a hostile or broken server: every malformed frame is
// logged and refused, the connection and the app stay up, and an oversized frame ends only the
// connection. And the sync engine against a server that fails auth.resume: only UNAUTHORIZED or
// close code 4001 sign the profile out; INTERNAL and the rest keep the token and retry.
// This is the one place a stand-in server is right: the real server cannot be made to send
// garbage or to fail on purpose.
#include "core/engine/sync_engine.h"
#include "core/net/server_connection.h"
#include "core_test_helpers.h"
#include "hostile_server.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"

#include <QCborArray>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace msgr;
using L = QLatin1StringView;

namespace {

using test::HostileServer;

QByteArray cbor(const QCborValue &value) {
    return value.toCbor();
}

const QString kToken = QStringLiteral("stored-token-of-this-device");

//! A profile with a signed-in account (as after an earlier run) and the engine that resumes it,
//! on this thread, against `server`.
struct ResumingClient {
    explicit ResumingClient(const QUrl &url) {
        opened = test::openStore(store, dir.path());
        storage::AccountState account;
        account.userId = 7;
        account.deviceId = 3;
        account.username = QStringLiteral("alice");
        account.token = kToken;
        test::saveAccount(store, account);
        test::flush(store);
        engine = std::make_unique<core::SyncEngine>(&store, core::SyncEngine::Options{url, "tst"});
    }
    ~ResumingClient() { engine->shutdown(); }
    QString storedToken() {
        const auto account = test::account(store);
        return account ? account->token : QString();
    }

    QTemporaryDir dir;
    storage::ProfileStore store;
    bool opened = false;
    std::unique_ptr<core::SyncEngine> engine;
};

bool isResume(const protocol::Request &request) {
    return request.method == protocol::method::Resume;
}

QCborMap authResult() {
    return protocol::api::AuthResult{7, 3, {}, 0}.toCbor();
}

} // namespace

class TstHostileServer : public QObject {
    Q_OBJECT
private slots:
    void malformedFramesAreRefusedAndTheConnectionStaysUsable();
    void malformedAnswerIsATypedErrorNotACrash();
    void oversizedFrameEndsOnlyTheConnection();
    void resumeInternalErrorKeepsTheTokenAndRetries();
    void resumeFloodWaitIsHonouredAndKeepsTheToken();
    void resumeUnauthorizedSignsOut();
    void closeCode4001SignsOut();
};

void TstHostileServer::malformedFramesAreRefusedAndTheConnectionStaysUsable() {
    HostileServer server;
    core::ServerConnection connection;
    QSignalSpy ready(&connection, &core::ServerConnection::ready);
    QSignalSpy updates(&connection, &core::ServerConnection::updateReceived);
    QSignalSpy closed(&connection, &core::ServerConnection::closed);
    connection.open(server.url());
    QVERIFY(ready.wait());

    server.send(QByteArray("\xff\x00\x13 not cbor", 13));
    server.send(cbor(QCborArray{1, 2, 3}));
    server.send(cbor(QCborMap{{L("t"), L("upd")}}));                        // no body
    server.send(cbor(QCborMap{{L("t"), L("res")}, {L("id"), L("seven")}})); // id of wrong type
    server.sendFrame(protocol::Result{987654, QCborMap{}});                 // nobody asked
    server.sendFrame(
        protocol::Error{424242, protocol::ErrorCode::Internal, QStringLiteral("?"), 0});
    server.sendText(QStringLiteral("{\"json\": true}"));

    // A well-formed update after all that still arrives, so the connection was never dropped.
    const protocol::Update good = protocol::ReadInboxUpdate{5, 10};
    server.sendFrame(protocol::UpdateFrame{1, protocol::updateToCbor(good)});
    QVERIFY(updates.wait());
    QCOMPARE(updates.size(), 1);
    const auto frame = updates.at(0).at(0).value<protocol::UpdateFrame>();
    QCOMPARE(frame.pts, 1);
    QCOMPARE(protocol::updateFromCbor(frame.update), good);
    QVERIFY(connection.isReady());
    QCOMPARE(closed.size(), 0);
}

void TstHostileServer::malformedAnswerIsATypedErrorNotACrash() {
    HostileServer server;
    core::ServerConnection connection;
    QSignalSpy ready(&connection, &core::ServerConnection::ready);
    QSignalSpy requests(&server, &HostileServer::requestReceived);
    connection.open(server.url());
    QVERIFY(ready.wait());

    std::optional<protocol::api::Reply<protocol::api::DifferenceResult>> reply;
    connection.call(
        protocol::api::GetDifference{0, 500}, this,
        [&reply](protocol::api::Reply<protocol::api::DifferenceResult> r) { reply = r; });
    QVERIFY(requests.wait());
    // `updates` must be an array of logged updates: a text string is refused with a typed error.
    server.sendFrame(protocol::Result{server.lastRequest.id,
                                      QCborMap{{L("updates"), L("lots")}, {L("pts"), 3}}});
    QTRY_VERIFY(reply.has_value());
    QVERIFY(!reply->ok());
    QVERIFY(!reply->connectionLost);
    QCOMPARE(reply->error.code, protocol::ErrorCode::BadRequest);
    QVERIFY(reply->error.message.contains(QStringLiteral("malformed answer")));

    // The next, well-formed answer on the same connection is accepted.
    reply.reset();
    connection.call(
        protocol::api::GetDifference{0, 500}, this,
        [&reply](protocol::api::Reply<protocol::api::DifferenceResult> r) { reply = r; });
    QVERIFY(requests.wait());
    server.sendFrame(protocol::Result{
        server.lastRequest.id, protocol::api::DifferenceResult{{}, 3, true, false}.toCbor()});
    QTRY_VERIFY(reply.has_value());
    QVERIFY(reply->ok());
    QCOMPARE(reply->value->pts, 3);
}

void TstHostileServer::oversizedFrameEndsOnlyTheConnection() {
    HostileServer server;
    core::ServerConnection connection;
    QSignalSpy ready(&connection, &core::ServerConnection::ready);
    QSignalSpy closed(&connection, &core::ServerConnection::closed);
    QSignalSpy updates(&connection, &core::ServerConnection::updateReceived);
    connection.open(server.url());
    QVERIFY(ready.wait());

    // Twice the protocol's cap: the client must not buffer it, and must not deliver it.
    server.send(QByteArray(2 * protocol::kMaxFrameBytes, 'x'));
    QVERIFY(closed.wait());
    QVERIFY(!connection.isReady());
    QCOMPARE(updates.size(), 0);

    // The same object connects again afterwards (what the sync engine's backoff does).
    connection.open(server.url());
    QVERIFY(ready.wait());
    QVERIFY(connection.isReady());
}

void TstHostileServer::resumeInternalErrorKeepsTheTokenAndRetries() {
    HostileServer server;
    // The server cannot read its store twice (INTERNAL, as item 6 of the edge rewrite answers
    // a failed read), then resumes the session.
    int resumes = 0;
    server.onRequest = [&](const protocol::Request &request) {
        if (!isResume(request))
            return;
        ++resumes;
        if (resumes <= 2)
            server.sendFrame(protocol::Error{request.id, protocol::ErrorCode::Internal,
                                             QStringLiteral("store read failed"), 0});
        else
            server.sendFrame(protocol::Result{request.id, authResult()});
    };
    ResumingClient client(server.url());
    QVERIFY(client.opened);
    QSignalSpy signedOut(client.engine.get(), &core::SyncEngine::signedOut);
    QSignalSpy states(client.engine.get(), &core::SyncEngine::connectionChanged);
    client.engine->start();

    // Resumed in the end: the third attempt, each on a fresh connection after the backoff.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(states.cbegin(), states.cend(),
                    [](const QList<QVariant> &args) {
                        return args.at(0).value<core::SyncEngine::Connection>() ==
                               core::SyncEngine::Connection::Updating;
                    }),
        15'000);
    QCOMPARE(resumes, 3);
    QCOMPARE(server.connections, 3);
    for (const protocol::Request &request : std::as_const(server.requests))
        if (isResume(request))
            QCOMPARE(request.args.value(L("token")).toString(), kToken);
    QCOMPARE(signedOut.size(), 0);
    QCOMPARE(client.storedToken(), kToken);
}

void TstHostileServer::resumeFloodWaitIsHonouredAndKeepsTheToken() {
    constexpr qint64 kRetryAfterMs = 1500;
    HostileServer server;
    QElapsedTimer sinceRefusal;
    qint64 secondAttemptAfterMs = -1;
    int resumes = 0;
    server.onRequest = [&](const protocol::Request &request) {
        if (!isResume(request))
            return;
        if (++resumes == 1) {
            sinceRefusal.start();
            server.sendFrame(protocol::Error{request.id, protocol::ErrorCode::FloodWait,
                                             QStringLiteral("slow down"), kRetryAfterMs});
        } else {
            secondAttemptAfterMs = sinceRefusal.elapsed();
            server.sendFrame(protocol::Result{request.id, authResult()});
        }
    };
    ResumingClient client(server.url());
    QVERIFY(client.opened);
    QSignalSpy signedOut(client.engine.get(), &core::SyncEngine::signedOut);
    client.engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(resumes == 2, 15'000);
    // The first backoff step is 0.5 s; the server asked for 1.5 s. (Qt's coarse timers may
    // fire up to 5 % early, hence the margin.)
    QVERIFY2(secondAttemptAfterMs >= kRetryAfterMs * 95 / 100,
             qPrintable(QString::number(secondAttemptAfterMs)));
    QCOMPARE(signedOut.size(), 0);
    QCOMPARE(client.storedToken(), kToken);
}

void TstHostileServer::resumeUnauthorizedSignsOut() {
    HostileServer server;
    server.onRequest = [&](const protocol::Request &request) {
        if (isResume(request))
            server.sendFrame(protocol::Error{request.id, protocol::ErrorCode::Unauthorized,
                                             QStringLiteral("revoked"), 0});
    };
    ResumingClient client(server.url());
    QVERIFY(client.opened);
    QSignalSpy signedOut(client.engine.get(), &core::SyncEngine::signedOut);
    client.engine->start();
    QVERIFY(signedOut.wait(10'000));
    QVERIFY(!test::account(client.store).has_value()); // the token is forgotten
    QCOMPARE(server.connections, 1);                   // and never tried again
}

void TstHostileServer::closeCode4001SignsOut() {
    HostileServer server;
    server.onRequest = [&](const protocol::Request &request) {
        if (isResume(request))
            server.closePeer(protocol::CloseRevoked);
    };
    ResumingClient client(server.url());
    QVERIFY(client.opened);
    QSignalSpy signedOut(client.engine.get(), &core::SyncEngine::signedOut);
    client.engine->start();
    QVERIFY(signedOut.wait(10'000));
    QVERIFY(!test::account(client.store).has_value());
}

QTEST_GUILESS_MAIN(TstHostileServer)
#include "tst_hostile_server.moc"
