#include "core/net/server_connection.h"

#include "protocol/limits.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnection, "msgr.core.connection")

namespace msgr::core {

ServerConnection::ServerConnection(QObject *parent) : QObject(parent) {
    m_clock.start();
    m_keepalive.setInterval(kPingIntervalMs / 3);
    connect(&m_keepalive, &QTimer::timeout, this, &ServerConnection::onKeepaliveTick);
}

ServerConnection::~ServerConnection() {
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void ServerConnection::open(const QUrl &url) {
    const TransportSecurity security = classifyServerUrl(url, m_allowInsecure);
    if (!mayConnect(security)) {
        // Checked before any socket exists: a refused address never sees a single packet.
        qCWarning(lcConnection) << "refusing to connect to" << url.toString(QUrl::RemoveUserInfo)
                                << (security == TransportSecurity::InsecureRefused
                                        ? "(unencrypted ws:// to another machine; not allowed)"
                                        : "(not a ws:// or wss:// address)");
        emit refused(security);
        return;
    }
    if (security == TransportSecurity::InsecureAllowed)
        qCWarning(lcConnection) << "connecting WITHOUT encryption (allowed by the user) to"
                                << url.toString(QUrl::RemoveUserInfo);
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_ready = false;
    m_open = true;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(protocol::kMaxFrameBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(protocol::kMaxFrameBytes));
    // Set on the socket itself, so Qt uses it even for a loopback server (proxy_settings.h).
    const QNetworkProxy proxy = networkProxyFor(m_proxy, url);
    m_socket->setProxy(proxy);
    connect(m_socket, &QWebSocket::connected, this, &ServerConnection::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &ServerConnection::onDisconnected);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ServerConnection::onBinary);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_sinceLastFrame.restart(); });
    // Qt 6.4 names the signal error(); errorOccurred() arrived in 6.5.
    connect(m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError error) {
                qCInfo(lcConnection) << "socket error:" << m_socket->errorString();
                if (const ProxyFailure failure = proxyFailureOf(error);
                    failure != ProxyFailure::None)
                    emit proxyFailed(failure);
                // A failed connect does not always emit disconnected().
                if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    onDisconnected();
            });
    m_sinceLastFrame.start();
    m_keepalive.start();
    // The proxy's address is said, never its credentials.
    if (proxy.type() == QNetworkProxy::NoProxy)
        qCInfo(lcConnection) << "connecting to" << url.toString(QUrl::RemoveUserInfo);
    else
        qCInfo(lcConnection) << "connecting to" << url.toString(QUrl::RemoveUserInfo)
                             << "through the proxy" << proxy.hostName() << proxy.port();
    m_socket->open(url);
}

void ServerConnection::abort() {
    if (m_socket)
        m_socket->abort();
    onDisconnected();
}

void ServerConnection::onConnected() {
    m_sinceLastFrame.restart();
    protocol::Hello hello;
    hello.versions = {protocol::kProtocolVersion};
    hello.client = QStringLiteral("messenger-qt/0.1");
    m_socket->sendBinaryMessage(protocol::encodeFrame(hello));
}

void ServerConnection::onDisconnected() {
    if (!m_open)
        return;
    m_open = false;
    m_ready = false;
    m_keepalive.stop();
    int code = -1;
    if (m_socket) {
        // QWebSocket says disconnected() before error(): read the proxy's part here, or it is
        // lost with the socket.
        if (const ProxyFailure failure = proxyFailureOf(m_socket->error());
            failure != ProxyFailure::None)
            emit proxyFailed(failure);
        code = int(m_socket->closeCode());
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    qCInfo(lcConnection) << "connection closed, code" << code;
    failAllPending();
    emit closed(code);
}

void ServerConnection::failAllPending() {
    QHash<qint64, Pending> pending;
    pending.swap(m_pending);
    RawReply lost;
    lost.connectionLost = true;
    lost.error.code = protocol::ErrorCode::Internal;
    lost.error.message = QStringLiteral("connection lost");
    for (Pending &p : pending)
        finish(p, lost);
}

void ServerConnection::finish(Pending &pending, const RawReply &reply) {
    if (pending.hasContext && !pending.context)
        return;
    pending.done(reply);
}

void ServerConnection::callRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                               std::function<void(const RawReply &)> done) {
    Pending pending{context, context != nullptr, std::move(done), m_clock.elapsed()};
    if (!m_ready) {
        RawReply lost;
        lost.connectionLost = true;
        lost.error.message = QStringLiteral("not connected");
        finish(pending, lost);
        return;
    }
    protocol::Request request;
    request.id = ++m_nextId;
    request.method = method;
    request.args = args;
    m_pending.insert(request.id, pending); // QHash in Qt 6.4 has no moving insert
    m_socket->sendBinaryMessage(protocol::encodeFrame(request));
}

void ServerConnection::onBinary(const QByteArray &bytes) {
    m_sinceLastFrame.restart();
    protocol::DecodeResult decoded = protocol::decodeFrame(bytes);
    if (auto *bad = std::get_if<protocol::DecodeError>(&decoded)) {
        qCWarning(lcConnection) << "undecodable frame from server:" << bad->message;
        return;
    }
    protocol::Frame &frame = std::get<protocol::Frame>(decoded);
    if (auto *welcome = std::get_if<protocol::Welcome>(&frame)) {
        if (!m_ready) {
            m_ready = true;
            qCInfo(lcConnection) << "welcome from" << welcome->server << "version"
                                 << welcome->version;
            emit ready();
        }
    } else if (auto *result = std::get_if<protocol::Result>(&frame)) {
        auto it = m_pending.find(result->id);
        if (it == m_pending.end())
            return;
        Pending pending = std::move(*it);
        m_pending.erase(it);
        finish(pending, RawReply{result->result, {}, false});
    } else if (auto *error = std::get_if<protocol::Error>(&frame)) {
        if (error->id == 0) {
            qCWarning(lcConnection)
                << "server error:" << protocol::errorCodeName(error->code) << error->message;
            return;
        }
        auto it = m_pending.find(error->id);
        if (it == m_pending.end())
            return;
        Pending pending = std::move(*it);
        m_pending.erase(it);
        finish(pending, RawReply{std::nullopt, *error, false});
    } else if (auto *update = std::get_if<protocol::UpdateFrame>(&frame)) {
        emit updateReceived(*update);
    }
}

void ServerConnection::onKeepaliveTick() {
    if (!m_socket)
        return;
    if (!m_ready && m_sinceLastFrame.elapsed() > kHandshakeTimeoutMs) {
        qCInfo(lcConnection) << "handshake timed out";
        abort();
        return;
    }
    if (m_sinceLastFrame.elapsed() > kDeadAfterMs) {
        qCInfo(lcConnection) << "no frame or pong for" << m_sinceLastFrame.elapsed()
                             << "ms: dropping the connection";
        abort();
        return;
    }
    const qint64 now = m_clock.elapsed();
    for (const Pending &p : std::as_const(m_pending)) {
        if (now - p.sentAtMs > kRequestTimeoutMs) {
            qCInfo(lcConnection) << "a request timed out: dropping the connection";
            abort();
            return;
        }
    }
    if (m_ready && m_sinceLastFrame.elapsed() >= kPingIntervalMs - kPingIntervalMs / 3)
        m_socket->ping();
}

} // namespace msgr::core
