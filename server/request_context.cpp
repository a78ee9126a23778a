#include "server/request_context.h"

#include "protocol/frame.h"
#include "protocol/preencoded.h"
#include "server/metrics.h"

#include <QDateTime>
#include <chrono>

namespace msgr::server {

Q_LOGGING_CATEGORY(lcGateway, "msgr.server.gateway")

namespace {
qint64 steadyMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

Responder::Responder(LinkPtr link, qint64 requestId, Metrics *metrics, int methodSlot)
    : m_link(std::move(link)), m_id(requestId), m_metrics(metrics), m_methodSlot(methodSlot),
      m_receivedUs(steadyMicros()) {}

void Responder::ok(const QCborMap &result) const {
    m_metrics->requestAnswered(m_methodSlot, false, steadyMicros() - m_receivedUs);
    m_link->answer(protocol::encodeFrame(protocol::Result{m_id, result}));
}

void Responder::okEncoded(const QByteArray &encodedResult) const {
    m_metrics->requestAnswered(m_methodSlot, false, steadyMicros() - m_receivedUs);
    m_link->answer(protocol::preencoded::resultFrame(m_id, encodedResult));
}

void Responder::fail(protocol::ErrorCode code, const QString &message, qint64 retryAfterMs) const {
    m_metrics->errorSent(code);
    m_metrics->requestAnswered(m_methodSlot, true, steadyMicros() - m_receivedUs);
    m_link->answer(protocol::encodeFrame(protocol::Error{m_id, code, message, retryAfterMs}));
}

void Responder::fail(StoreError error) const {
    using protocol::ErrorCode;
    switch (error) {
    case StoreError::UsernameTaken:
        return fail(ErrorCode::UsernameTaken, QStringLiteral("the username is taken"));
    case StoreError::NotFound:
        return fail(ErrorCode::NotFound, QStringLiteral("no such user, chat or device"));
    case StoreError::Forbidden:
        return fail(ErrorCode::Forbidden, QStringLiteral("not a member of this chat"));
    case StoreError::Busy:
        return fail(ErrorCode::FloodWait, QStringLiteral("the server is busy writing; retry"),
                    kStoreBusyRetryMs);
    case StoreError::Internal:
        break;
    }
    fail(ErrorCode::Internal, QStringLiteral("the server failed; nothing was changed; retry"));
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace msgr::server
