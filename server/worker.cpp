#include "server/worker.h"

#include "server/connection.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace msgr::server {
namespace {
// The upgrade request must arrive within this time or the TCP connection is dropped.
constexpr int kUpgradeTimeoutMs = 10000;
} // namespace

Worker::Worker(ServerContext &server) : m_server(server) {}

void Worker::ensureServer() {
    if (m_wsServer)
        return;
    // Created on the worker thread, child of the worker: it must live where its sockets live.
    m_wsServer =
        new QWebSocketServer(QStringLiteral("msgr-server"), QWebSocketServer::NonSecureMode, this);
    m_wsServer->setMaxPendingConnections(1 << 20); // drained at once by takePending()
    m_wsServer->setHandshakeTimeout(std::chrono::milliseconds(kUpgradeTimeoutMs));
    connect(m_wsServer, &QWebSocketServer::newConnection, this, &Worker::takePending);
}

void Worker::acceptDescriptor(qintptr descriptor) {
    ensureServer();
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcGateway) << "cannot adopt an accepted socket:" << socket->errorString();
        delete socket;
        return;
    }
    // Small frames in both directions: Nagle's algorithm would add tens of ms of latency.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // A socket that never completes the upgrade is not adopted by any QWebSocket; an adopted
    // one is released by its QWebSocket too (a second deleteLater is harmless).
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_wsServer->handleConnection(socket);
}

void Worker::takePending() {
    while (QWebSocket *ws = m_wsServer->nextPendingConnection())
        new Connection(ws, m_server, this);
}

void Worker::closeAll(quint16 code, const QString &reason) {
    for (Connection *c : findChildren<Connection *>(Qt::FindDirectChildrenOnly))
        c->closeWith(code, reason);
}

} // namespace msgr::server
