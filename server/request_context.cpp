#include "server/request_context.h"

#include "protocol/frame.h"
#include "server/metrics.h"

#include <QDateTime>

namespace msgr::server {

Q_LOGGING_CATEGORY(lcGateway, "msgr.server.gateway")

void Responder::ok(const QCborMap &result) const {
    m_link->answer(protocol::encodeFrame(protocol::Result{m_id, result}));
}

void Responder::fail(protocol::ErrorCode code, const QString &message, qint64 retryAfterMs) const {
    m_metrics->errorSent(code);
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
