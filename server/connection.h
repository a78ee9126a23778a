#pragma once
//! One client connection: the hello handshake, frame decoding, the request rate limit, the
//! authentication state and the dispatch of requests to handlers. Lives on (and is only
//! touched from) its worker thread; other threads reach it through its ConnectionLink.
#include "protocol/frame.h"
#include "server/connection_link.h"
#include "server/rate_limiter.h"
#include "server/request_context.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QWebSocket;

namespace msgr::server {

class Connection : public QObject {
    Q_OBJECT
public:
    //! Takes ownership of `socket` (already upgraded to a WebSocket).
    Connection(QWebSocket *socket, ServerContext &server, QObject *parent = nullptr);
    ~Connection() override;

    void sendFrame(const QByteArray &frame);
    //! Sends a close frame; the connection deletes itself once the socket is disconnected.
    void closeWith(quint16 code, const QString &reason);
    //! Binds this connection to a device after a successful sign-up/log-in/resume.
    void authenticate(qint64 userId, qint64 deviceId);

    const Session &session() const { return m_session; }

private:
    void onBinaryMessage(const QByteArray &message);
    void handleHello(const QByteArray &message);
    void handleRequest(const protocol::Request &request);
    void sendError(qint64 id, protocol::ErrorCode code, const QString &message,
                   qint64 retryAfterMs = 0);
    qint64 monotonicMs() const { return m_clock.elapsed(); }

    QWebSocket *m_socket;
    ServerContext &m_server;
    LinkPtr m_link;
    QElapsedTimer m_clock;
    QTimer m_helloTimer;
    TokenBucket m_bucket;
    QString m_peerAddress;
    Session m_session;
    bool m_welcomed = false;
    bool m_closing = false;
    int m_rejectedInRow = 0;
};

} // namespace msgr::server
