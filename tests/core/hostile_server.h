#pragma once
//! A stand-in WebSocket server for the client's tests: answers hello with welcome and records
//! every request; the test decides what else it sends, or answers requests through `onRequest`.
//! The one place a fake peer is right: the real server cannot be made to send garbage or to
//! fail on purpose. Main thread only.
#include "protocol/frame.h"
#include "protocol/limits.h"

#include <QHostAddress>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>
#include <functional>

namespace msgr::test {

class HostileServer : public QObject {
    Q_OBJECT
public:
    explicit HostileServer(const QHostAddress &address = QHostAddress::LocalHost)
        : m_server(QStringLiteral("hostile"), QWebSocketServer::NonSecureMode) {
        m_server.listen(address, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *peer = m_server.nextPendingConnection()) {
                m_peer = peer;
                ++connections;
                connect(peer, &QWebSocket::binaryMessageReceived, this,
                        [this, peer](const QByteArray &bytes) { onClientFrame(peer, bytes); });
                emit peerConnected();
            }
        });
    }
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    //! ws://<host>:<port>, where host is how the client names this machine.
    QUrl url(const QString &host = QStringLiteral("127.0.0.1")) const {
        QUrl out;
        out.setScheme(QStringLiteral("ws"));
        out.setHost(host);
        out.setPort(port());
        return out;
    }
    //! Sends to the newest connection.
    void send(const QByteArray &bytes) { m_peer->sendBinaryMessage(bytes); }
    void sendFrame(const protocol::Frame &frame) { send(protocol::encodeFrame(frame)); }
    void sendText(const QString &text) { m_peer->sendTextMessage(text); }
    //! Closes the newest connection with a WebSocket close code (e.g. 4001).
    void closePeer(int code) {
        m_peer->close(QWebSocketProtocol::CloseCode(code), QStringLiteral("closed by test"));
    }

    //! Called for every request after it was recorded; may answer it with sendFrame().
    std::function<void(const protocol::Request &)> onRequest;
    //! The last request the client sent, and all of them in order.
    protocol::Request lastRequest;
    QList<protocol::Request> requests;
    int connections = 0;

signals:
    void peerConnected();
    void requestReceived();

private:
    void onClientFrame(QWebSocket *peer, const QByteArray &bytes) {
        const auto decoded = protocol::decodeFrame(bytes);
        if (!std::holds_alternative<protocol::Frame>(decoded))
            return;
        const auto &frame = std::get<protocol::Frame>(decoded);
        if (std::holds_alternative<protocol::Hello>(frame)) {
            peer->sendBinaryMessage(protocol::encodeFrame(
                protocol::Welcome{1, QStringLiteral("hostile"), protocol::advertisedLimits()}));
        } else if (const auto *request = std::get_if<protocol::Request>(&frame)) {
            lastRequest = *request;
            requests.append(*request);
            if (onRequest)
                onRequest(*request);
            emit requestReceived();
        }
    }

    QWebSocketServer m_server;
    QWebSocket *m_peer = nullptr;
};

} // namespace msgr::test
