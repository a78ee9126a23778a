#pragma once
//! The outgoing side of one client connection, implemented by the transport (server/edge/).
//! ClientSession speaks only to this interface, so the protocol logic runs the same over a
//! WebSocket, over TLS, or in a fuzz target without sockets. Connection thread only.
#include <QByteArray>
#include <QString>

namespace msgr::server {

class FrameSink {
public:
    virtual ~FrameSink() = default;

    //! Queues one binary WebSocket message; frames leave in the order they were queued.
    virtual void sendFrame(const QByteArray &frame) = 0;
    //! Stops reading requests and closes with a closing handshake once every request accepted
    //! so far is answered (or a deadline passes). Idempotent.
    virtual void closeWith(quint16 code, const QString &reason) = 0;
    //! The session was welcomed or authenticated: deadlines and frame limits follow it.
    virtual void sessionStateChanged() = 0;
};

} // namespace msgr::server
