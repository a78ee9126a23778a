#pragma once
//! One connection thread: accepts socket descriptors handed over by the Listener, upgrades
//! them to WebSockets with its own (non-listening) QWebSocketServer and owns the resulting
//! Connections. Lives on its own QThread; its slots are called by queued invocation.
#include "server/server_context.h"

#include <QObject>

class QWebSocketServer;

namespace msgr::server {

class Worker : public QObject {
    Q_OBJECT
public:
    explicit Worker(ServerContext &server);

    //! Worker thread. Wraps the descriptor of an accepted TCP connection.
    void acceptDescriptor(qintptr descriptor);
    //! Worker thread. Closes every connection with `code` (server shutdown).
    void closeAll(quint16 code, const QString &reason);

private:
    void ensureServer();
    void takePending();

    ServerContext &m_server;
    QWebSocketServer *m_wsServer = nullptr;
};

} // namespace msgr::server
