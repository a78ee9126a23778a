// The client's one connection against a hostile or broken server: every malformed frame is
// logged and refused, the connection and the app stay up, and an oversized frame ends only the
// connection. This is the one place a stand-in server is right: the real server cannot be made
// to send garbage.
#include "core/server_connection.h"
#include "protocol/frame.h"
#include "protocol/limits.h"
#include "protocol/updates.h"

#include <QCborArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace msgr;
using L = QLatin1StringView;

namespace {

//! A WebSocket peer on loopback that answers hello and then sends whatever the test says.
class HostileServer : public QObject {
    Q_OBJECT
public:
    HostileServer() : m_server(QStringLiteral("hostile"), QWebSocketServer::NonSecureMode) {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            m_peer = m_server.nextPendingConnection();
            connect(m_peer, &QWebSocket::binaryMessageReceived, this,
                    &HostileServer::onClientFrame);
        });
    }
    QUrl url() const {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server.serverPort()));
    }
    void send(const QByteArray &bytes) { m_peer->sendBinaryMessage(bytes); }
    void sendFrame(const protocol::Frame &frame) { send(protocol::encodeFrame(frame)); }
    void sendText(const QString &text) { m_peer->sendTextMessage(text); }
    //! The last request the client sent.
    protocol::Request lastRequest;

signals:
    void requestReceived();

private:
    void onClientFrame(const QByteArray &bytes) {
        const auto decoded = protocol::decodeFrame(bytes);
        if (!std::holds_alternative<protocol::Frame>(decoded))
            return;
        const auto &frame = std::get<protocol::Frame>(decoded);
        if (std::holds_alternative<protocol::Hello>(frame)) {
            sendFrame(
                protocol::Welcome{1, QStringLiteral("hostile"), protocol::advertisedLimits()});
        } else if (const auto *request = std::get_if<protocol::Request>(&frame)) {
            lastRequest = *request;
            emit requestReceived();
        }
    }

    QWebSocketServer m_server;
    QWebSocket *m_peer = nullptr;
};

QByteArray cbor(const QCborValue &value) {
    return value.toCbor();
}

} // namespace

class TstHostileServer : public QObject {
    Q_OBJECT
private slots:
    void malformedFramesAreRefusedAndTheConnectionStaysUsable();
    void malformedAnswerIsATypedErrorNotACrash();
    void oversizedFrameEndsOnlyTheConnection();
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

    std::optional<core::api::Reply<core::api::DifferenceResult>> reply;
    connection.call(core::api::GetDifference{0, 500}, this,
                    [&reply](core::api::Reply<core::api::DifferenceResult> r) { reply = r; });
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
    connection.call(core::api::GetDifference{0, 500}, this,
                    [&reply](core::api::Reply<core::api::DifferenceResult> r) { reply = r; });
    QVERIFY(requests.wait());
    server.sendFrame(protocol::Result{
        server.lastRequest.id,
        QCborMap{{L("updates"), QCborArray{}}, {L("pts"), 3}, {L("final"), true}}});
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

QTEST_GUILESS_MAIN(TstHostileServer)
#include "tst_hostile_server.moc"
