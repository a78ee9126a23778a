#include "server/rate_limiter.h"

#include <cmath>

namespace msgr::server {
namespace {
// Share of a full table dropped at once when no bucket is full (see makeRoom).
constexpr qsizetype kRateEvictDivisor = 8;
} // namespace

TokenBucket::TokenBucket(int capacity, double refillPerSecond, qint64 nowMs)
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

bool TokenBucket::isFull(qint64 nowMs) {
    refill(nowMs);
    return m_tokens >= m_capacity;
}

KeyedRateLimiter::KeyedRateLimiter(int capacity, double refillPerSecond, int maxKeys)
    : m_capacity(capacity), m_refillPerSecond(refillPerSecond), m_maxKeys(qMax(1, maxKeys)) {}

bool KeyedRateLimiter::tryTake(const QString &key, qint64 nowMs, qint64 *retryAfterMs) {
    QMutexLocker lock(&m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        makeRoom(nowMs);
        it = m_buckets.insert(key, TokenBucket(m_capacity, m_refillPerSecond, nowMs));
    }
    return it->tryTake(nowMs, retryAfterMs);
}

qsizetype KeyedRateLimiter::keys() {
    QMutexLocker lock(&m_mutex);
    return m_buckets.size();
}

void KeyedRateLimiter::makeRoom(qint64 nowMs) {
    if (m_buckets.size() < m_maxKeys)
        return;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (it->isFull(nowMs))
            it = m_buckets.erase(it);
        else
            ++it;
    }
    // Still full: every key is mid-burst (a flood from very many keys). Dropping some gives
    // them a fresh burst, the lesser harm than growing without bound; a share at once, so the
    // scan above is paid once per many new keys, not for each.
    qsizetype drop =
        m_buckets.size() >= m_maxKeys ? qMax<qsizetype>(1, m_maxKeys / kRateEvictDivisor) : 0;
    for (auto it = m_buckets.begin(); drop > 0 && it != m_buckets.end(); --drop)
        it = m_buckets.erase(it);
}

ConcurrencyLimiter::Admission ConcurrencyLimiter::tryAcquire(const QString &key) {
    QMutexLocker lock(&m_mutex);
    if (m_inProgress >= m_total)
        return Admission::Full;
    auto it = m_byKey.find(key);
    if (it != m_byKey.end() && *it >= m_perKey)
        return Admission::KeyFull;
    if (it == m_byKey.end())
        it = m_byKey.insert(key, 0);
    ++*it;
    ++m_inProgress;
    return Admission::Admitted;
}

void ConcurrencyLimiter::release(const QString &key) {
    QMutexLocker lock(&m_mutex);
    auto it = m_byKey.find(key);
    if (it == m_byKey.end())
        return; // not acquired: nothing to give back
    --m_inProgress;
    if (--*it <= 0)
        m_byKey.erase(it);
}

int ConcurrencyLimiter::inProgress() {
    QMutexLocker lock(&m_mutex);
    return m_inProgress;
}

} // namespace msgr::server
