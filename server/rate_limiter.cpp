#include "server/rate_limiter.h"

#include <cmath>

namespace msgr::server {

TokenBucket::TokenBucket(int capacity, int refillPerSecond, qint64 nowMs)
    : m_capacity(capacity), m_perMs(refillPerSecond / 1000.0), m_tokens(capacity), m_lastMs(nowMs) {
}

void TokenBucket::refill(qint64 nowMs) {
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_capacity, m_tokens + double(nowMs - m_lastMs) * m_perMs);
        m_lastMs = nowMs;
    }
}

bool TokenBucket::tryTake(qint64 nowMs, qint64 *retryAfterMs) {
    refill(nowMs);
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return true;
    }
    if (retryAfterMs)
        *retryAfterMs = qMax<qint64>(1, qint64(std::ceil((1.0 - m_tokens) / m_perMs)));
    return false;
}

} // namespace msgr::server
