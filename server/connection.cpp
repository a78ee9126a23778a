#include "server/connection.h"

#include "protocol/frame.h"
#include "protocol/limits.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"

#include <QCborValue>
#include <QWebSocket>

namespace msgr::server {
namespace {
using protocol::ErrorCode;
using L = QLatin1StringView;

// After sending a close frame, how long the peer has to answer it before the socket is cut.
constexpr int kCloseGraceMs = 5000;

//! The id of a request that failed to decode, when one can be read, so the client can match
//! the error to its call.
qint64 salvageRequestId(const QByteArray &bytes) {
    const QCborValue v = QCborValue::fromCbor(bytes);
    if (!v.isMap() || v.toMap().value(L("t")).toString() != L("req"))
        return 0;
    const QCborValue id = v.toMap().value(L("id"));
    return id.isInteger() && id.toInteger() > 0 ? id.toInteger() : 0;
}
} // namespace

Connection::Connection(QWebSocket *socket, ServerContext &server, QObject *parent)
    : QObject(parent), m_socket(socket), m_server(server),
      m_link(std::make_shared<ConnectionLink>(this)),
      m_bucket(protocol::kRequestBurst, protocol::kRequestsPerSecond, 0) {
    m_clock.start();
    m_server.metrics->connectionOpened();
    m_socket->setParent(this);
    m_peerAddress = m_socket->peerAddress().toString();
    m_socket->setMaxAllowedIncomingFrameSize(quint64(protocol::kMaxFrameBytes));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(protocol::kMaxFrameBytes));

    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Connection::onBinaryMessage);
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this] {
        closeWith(protocol::CloseTextFrame, QStringLiteral("text messages are not allowed"));
    });
    connect(m_socket, &QWebSocket::disconnected, this, &QObject::deleteLater);

    m_helloTimer.setSingleShot(true);
    connect(&m_helloTimer, &QTimer::timeout, this, [this] {
        closeWith(protocol::CloseHandshake, QStringLiteral("hello not received in time"));
    });
    m_helloTimer.start(m_server.helloTimeoutMs);

    if (m_socket->state() != QAbstractSocket::ConnectedState)
        deleteLater();
}

Connection::~Connection() {
    m_link->detach();
    if (m_session.isValid())
        m_server.bus->detach(m_session.userId, m_link.get());
    m_server.metrics->connectionClosed();
}

void Connection::sendFrame(const QByteArray &frame) {
    if (!m_closing)
        m_socket->sendBinaryMessage(frame);
}

void Connection::closeWith(quint16 code, const QString &reason) {
    if (m_closing)
        return;
    m_closing = true;
    m_helloTimer.stop();
    qCDebug(lcGateway) << "closing connection from" << m_peerAddress << "with" << code << reason;
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    QTimer::singleShot(kCloseGraceMs, this, [this] { m_socket->abort(); });
}

void Connection::authenticate(qint64 userId, qint64 deviceId) {
    if (m_closing)
        return;
    if (m_session.isValid())
        m_server.bus->detach(m_session.userId, m_link.get());
    m_session = Session{userId, deviceId};
    m_server.bus->attach(userId, deviceId, m_link);
}

void Connection::sendError(qint64 id, ErrorCode code, const QString &message, qint64 retryAfterMs) {
    m_server.metrics->errorSent(code);
    sendFrame(protocol::encodeFrame(protocol::Error{id, code, message, retryAfterMs}));
}

void Connection::onBinaryMessage(const QByteArray &message) {
    if (m_closing)
        return;
    // QWebSocket enforces the size limits itself (closing with 1009); this guards against a
    // Qt that does not.
    if (message.size() > protocol::kMaxFrameBytes)
        return closeWith(protocol::CloseTooBig, QStringLiteral("message exceeds 1 MiB"));
    if (!m_welcomed)
        return handleHello(message);

    const protocol::DecodeResult decoded = protocol::decodeFrame(message);
    const auto *request = std::get_if<protocol::Frame>(&decoded)
                              ? std::get_if<protocol::Request>(&std::get<protocol::Frame>(decoded))
                              : nullptr;
    const qint64 id = request ? request->id
                      : std::holds_alternative<protocol::Frame>(decoded)
                          ? 0
                          : salvageRequestId(message);

    qint64 retryAfterMs = 0;
    if (!m_bucket.tryTake(monotonicMs(), &retryAfterMs)) {
        if (++m_rejectedInRow >= protocol::kFloodCloseAfterRejected)
            return closeWith(protocol::CloseFlood, QStringLiteral("flood"));
        return sendError(id, ErrorCode::FloodWait, QStringLiteral("too many requests"),
                         retryAfterMs);
    }
    m_rejectedInRow = 0;

    if (const auto *error = std::get_if<protocol::DecodeError>(&decoded))
        return sendError(id, error->code, error->message);
    if (!request)
        return sendError(0, ErrorCode::BadFrame, QStringLiteral("only req frames are expected"));
    handleRequest(*request);
}

void Connection::handleHello(const QByteArray &message) {
    m_helloTimer.stop();
    const protocol::DecodeResult decoded = protocol::decodeFrame(message);
    const auto *frame = std::get_if<protocol::Frame>(&decoded);
    const auto *hello = frame ? std::get_if<protocol::Hello>(frame) : nullptr;
    if (!hello) {
        sendError(0, ErrorCode::HelloRequired, QStringLiteral("the first frame must be hello"));
        return closeWith(protocol::CloseHandshake, QStringLiteral("hello required"));
    }
    if (!hello->versions.contains(protocol::kProtocolVersion)) {
        sendError(0, ErrorCode::UnsupportedVersion,
                  QStringLiteral("this server speaks protocol versions: %1")
                      .arg(protocol::kProtocolVersion));
        return closeWith(protocol::CloseVersion, QStringLiteral("no common protocol version"));
    }
    m_welcomed = true;
    sendFrame(protocol::encodeFrame(protocol::Welcome{protocol::kProtocolVersion,
                                                      QStringLiteral("msgr-server/0.1"),
                                                      protocol::advertisedLimits()}));
}

void Connection::handleRequest(const protocol::Request &request) {
    m_server.metrics->requestReceived(request.method);
    const MethodInfo *method = findMethod(request.method);
    if (!method)
        return sendError(request.id, ErrorCode::UnknownMethod,
                         QStringLiteral("unknown method '%1'").arg(request.method.left(64)));
    if (method->needsAuth && !m_session.isValid())
        return sendError(request.id, ErrorCode::Unauthorized,
                         QStringLiteral("log in first (auth.signUp, auth.logIn, auth.resume)"));
    RequestContext context{m_server, m_session, request.args,
                           Responder(m_link, request.id, m_server.metrics), m_peerAddress};
    method->handle(context);
}

} // namespace msgr::server
