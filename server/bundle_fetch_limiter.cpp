#include "server/bundle_fetch_limiter.h"

#include "server/request_context.h"

namespace msgr::server {

BundleFetchLimiter::BundleFetchLimiter(BundleFetchLimits limits)
    : m_perRequester(limits.perRequesterBurst, limits.perRequesterPerMinute / 60.0,
                     limits.maxTrackedKeys),
      m_perTarget(limits.perTargetBurst, limits.perTargetPerMinute / 60.0, limits.maxTrackedKeys) {}

bool BundleFetchLimiter::admit(qint64 requesterUserId, qint64 targetDeviceId, qint64 nowMs,
                               const Responder &reply) {
    qint64 wait = 0;
    // The target's bucket first: a requester refused for a drained device keeps its own tokens
    // for other devices.
    if (!m_perTarget.tryTake(QString::number(targetDeviceId), nowMs, &wait)) {
        reply.fail(protocol::ErrorCode::FloodWait,
                   QStringLiteral("too many key fetches for this device"), wait);
        return false;
    }
    if (!m_perRequester.tryTake(QString::number(requesterUserId), nowMs, &wait)) {
        reply.fail(protocol::ErrorCode::FloodWait,
                   QStringLiteral("too many key fetches from this account"), wait);
        return false;
    }
    return true;
}

} // namespace msgr::server
