#include "server/client_session.h"

#include "protocol/limits.h"
#include "server/channel_topics.h"
#include "server/fanout_bus.h"
#include "server/handlers.h"
#include "server/metrics.h"
#include "server/presence_hub.h"
#include "server/request_id_peek.h"

#include "protocol/methods.h"
#include "protocol/send_request_decode.h"

namespace msgr::server {
namespace {
using protocol::ErrorCode;
} // namespace

std::shared_ptr<ClientSession> ClientSession::create(ServerContext &server, FrameSink &sink,
                                                     QString peerAddress,
                                                     ConnectionLink::SharedMailbox mailbox) {
    auto session =
        std::make_shared<ClientSession>(CreateKey(), server, sink, std::move(peerAddress));
    session->m_link = std::make_shared<ConnectionLink>(std::move(mailbox), session);
    return session;
}

ClientSession::ClientSession(CreateKey, ServerContext &server, FrameSink &sink, QString peerAddress)
    : m_server(server), m_sink(&sink),
      m_bucket(protocol::kRequestBurst, protocol::kRequestsPerSecond, monotonicMs()),
      m_peerAddress(std::move(peerAddress)) {
    m_server.metrics->connectionOpened();
}

ClientSession::~ClientSession() {
    if (m_session.isValid()) {
        m_server.bus->detach(m_session.userId, m_link.get());
        if (m_server.presence && !m_idle) // an idle connection was counted out already
            m_server.presence->disconnected(m_session.userId, m_session.deviceId);
    }
    m_server.metrics->connectionClosed();
}

qint64 ClientSession::monotonicMs() {
    // The clock's own epoch, not the session's start: one time point less in every session.
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ClientSession::send(const QByteArray &frame) {
    if (m_sink)
        m_sink->sendFrame(frame);
}

void ClientSession::pushFrame(const QByteArray &frame) {
    send(frame);
}

void ClientSession::answerFrame(const QByteArray &frame) {
    if (m_inFlight > 0)
        --m_inFlight;
    send(frame);
}

void ClientSession::closeWith(quint16 code, const QString &reason) {
    if (m_closing)
        return;
    m_closing = true;
    qCDebug(lcGateway) << "closing connection from" << m_peerAddress << "with" << code << reason;
    if (m_sink)
        m_sink->closeWith(code, reason);
}

void ClientSession::authenticate(qint64 userId, qint64 deviceId) {
    if (m_closing)
        return;
    const Session previous = m_session;
    const bool wasCounted = previous.isValid() && !m_idle;
    m_idle = false; // a new binding starts in use
    if (previous.isValid())
        m_server.bus->detach(previous.userId, m_link.get());
    m_session = Session{userId, deviceId};
    m_server.bus->attach(userId, deviceId, m_link);
    if (m_server.presence) {
        // The new binding first: the same user logging in again on this connection never
        // looks offline for a moment.
        m_server.presence->connected(userId);
        if (wasCounted)
            m_server.presence->disconnected(previous.userId, previous.deviceId);
    }
    channel_topics::attachSubscriptions(m_server, userId, m_link);
    if (m_sink)
        m_sink->sessionStateChanged();
}

void ClientSession::setPresent(bool online) {
    if (!m_session.isValid() || m_idle == !online)
        return;
    m_idle = !online;
    if (!m_server.presence)
        return;
    if (online)
        m_server.presence->connected(m_session.userId);
    else
        m_server.presence->disconnected(m_session.userId, m_session.deviceId);
}

void ClientSession::sendError(qint64 id, ErrorCode code, const QString &message,
                              qint64 retryAfterMs) {
    m_server.metrics->errorSent(code);
    send(protocol::encodeFrame(protocol::Error{id, code, message, retryAfterMs}));
}

void ClientSession::onMessage(QByteArrayView message, bool text) {
    if (m_closing)
        return;
    if (text)
        return closeWith(protocol::CloseTextFrame, QStringLiteral("text messages are not allowed"));
    // The transport enforces the size limits itself (closing with 1009); this guards against
    // a transport that does not.
    if (message.size() > protocol::kMaxFrameBytes)
        return closeWith(protocol::CloseTooBig, QStringLiteral("message exceeds 1 MiB"));
    if (!m_welcomed)
        return handleHello(message);

    // The rate limit comes before decoding, so a flood costs a token check per frame, not a
    // CBOR parse; only the request id is read, to answer FLOOD_WAIT to the right call.
    qint64 retryAfterMs = 0;
    if (!m_bucket.tryTake(monotonicMs(), &retryAfterMs)) {
        if (++m_rejectedInRow >= protocol::kFloodCloseAfterRejected)
            return closeWith(protocol::CloseFlood, QStringLiteral("flood"));
        return sendError(peekRequestId(message), ErrorCode::FloodWait,
                         QStringLiteral("too many requests"), retryAfterMs);
    }
    m_rejectedInRow = 0;

    // The hot request in its usual shape is read straight from the bytes, without a QCborValue
    // tree; anything it does not recognise is decoded below as before, so every other frame
    // (and every malformed send) gets the answer it always got.
    if (std::optional<protocol::SendRequestFrame> send =
            protocol::decodeSendRequestFrame(message)) {
        static const QString sendName(protocol::method::MessagesSend);
        static const MethodInfo *const sendMethod = findMethod(sendName);
        return dispatch(send->id, sendName, sendMethod, [&](RequestContext &context) {
            handlers::messagesSendDecoded(context, std::move(send->args));
        });
    }

    // decodeFrame takes a QByteArray; the raw view is not copied (the decoded values own
    // their data, so nothing points into `message` after this call).
    const QByteArray bytes = QByteArray::fromRawData(message.data(), message.size());
    const protocol::DecodeResult decoded = protocol::decodeFrame(bytes);
    if (const auto *error = std::get_if<protocol::DecodeError>(&decoded))
        return sendError(peekRequestId(message), error->code, error->message);
    const auto *request = std::get_if<protocol::Request>(&std::get<protocol::Frame>(decoded));
    if (!request)
        return sendError(0, ErrorCode::BadFrame, QStringLiteral("only req frames are expected"));
    const MethodInfo *method = findMethod(request->method);
    dispatch(request->id, request->method, method, [&](RequestContext &context) {
        context.args = request->args;
        method->handle(context);
    });
}

void ClientSession::handleHello(QByteArrayView message) {
    const QByteArray bytes = QByteArray::fromRawData(message.data(), message.size());
    const protocol::DecodeResult decoded = protocol::decodeFrame(bytes);
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
    send(protocol::encodeFrame(protocol::Welcome{protocol::kProtocolVersion,
                                                 QStringLiteral("msgr-server/0.2"),
                                                 protocol::advertisedLimits()}));
    if (m_sink)
        m_sink->sessionStateChanged();
}

template <class Handle>
void ClientSession::dispatch(qint64 id, QStringView methodName, const MethodInfo *method,
                             Handle handle) {
    const int methodSlot = m_server.metrics->requestReceived(methodName);
    if (!method) {
        m_server.metrics->requestAnswered(methodSlot, true, 0);
        return sendError(id, ErrorCode::UnknownMethod,
                         QStringLiteral("unknown method '%1'").arg(methodName.left(64)));
    }
    if (method->needsAuth && !m_session.isValid()) {
        m_server.metrics->requestAnswered(methodSlot, true, 0);
        return sendError(id, ErrorCode::Unauthorized,
                         QStringLiteral("log in first (auth.signUp, auth.logIn, auth.resume)"));
    }
    ++m_inFlight; // answered exactly once through the Responder, which calls answerFrame()
    RequestContext context{m_server,
                           m_session,
                           {},
                           Responder(m_link, id, m_server.metrics, methodSlot),
                           m_peerAddress};
    handle(context);
}

} // namespace msgr::server
