#include "server/login_throttle.h"

#include "server/monotonic_clock.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace msgr::server {
namespace {
// When a table is full of live counters, this share of them (the stalest) is dropped at once,
// so the cost of making room is paid rarely.
constexpr qsizetype kThrottleEvictDivisor = 8;
// 2^kMaxShift × base is far past any sane cap: stop doubling there (no overflow).
constexpr int kMaxShift = 30;

} // namespace

qint64 BackoffTable::retryAfterMs(const QString &key, qint64 now) const {
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd())
        return 0;
    return std::max<qint64>(0, it->blockedUntilMs - now);
}

qint64 BackoffTable::recordFailure(const QString &key, qint64 now) {
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        makeRoom(now);
        it = m_entries.insert(key, Entry{});
    }
    Entry &e = *it;
    if (e.failures > 0 && e.lastFailureMs + m_policy.forgetAfterMs <= now)
        e = Entry{}; // quiet long enough: start again
    ++e.failures;
    e.lastFailureMs = now;
    const int over = e.failures - m_policy.failuresBeforeDelay; // 0 at the first delayed one
    if (over < 0)
        return 0;
    const int shift = std::min(over, kMaxShift);
    const qint64 delay = std::min(m_policy.maxDelayMs, m_policy.baseDelayMs << shift);
    e.blockedUntilMs = std::max(e.blockedUntilMs, now + delay);
    return e.blockedUntilMs - now;
}

void BackoffTable::makeRoom(qint64 now) {
    if (m_entries.size() < m_maxEntries)
        return;
    // First the counters that would be forgotten anyway and block nobody.
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->lastFailureMs + m_policy.forgetAfterMs <= now && it->blockedUntilMs <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
    if (m_entries.size() < m_maxEntries)
        return;
    // Still full (a flood from very many addresses): drop the stalest share. A dropped key
    // starts again with free failures; the per-address table still slows its address.
    std::vector<std::pair<qint64, QString>> byAge;
    byAge.reserve(static_cast<size_t>(m_entries.size()));
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        byAge.emplace_back(it->lastFailureMs, it.key());
    const auto drop =
        static_cast<size_t>(std::max<qsizetype>(1, m_entries.size() / kThrottleEvictDivisor));
    std::nth_element(byAge.begin(), byAge.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                     byAge.end());
    for (size_t i = 0; i < drop; ++i)
        m_entries.remove(byAge[i].second);
}

LoginThrottle::LoginThrottle(LoginThrottleLimits limits, Clock clock)
    : m_clock(clock ? std::move(clock) : Clock(monotonicMs)),
      m_byPair(limits.perAccountAddress, limits.maxEntries),
      m_byAddress(limits.perAddress, limits.maxEntries) {}

QString LoginThrottle::pairKey(const QString &account, const QString &address) {
    // Length-prefixed: no account text can make two different pairs share a key.
    return QString::number(account.size()) + u':' + account + address;
}

qint64 LoginThrottle::retryAfterMs(const QString &account, const QString &address) {
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock();
    return std::max(m_byPair.retryAfterMs(pairKey(account, address), now),
                    m_byAddress.retryAfterMs(address, now));
}

void LoginThrottle::recordFailure(const QString &account, const QString &address) {
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock();
    m_byPair.recordFailure(pairKey(account, address), now);
    m_byAddress.recordFailure(address, now);
}

void LoginThrottle::recordSuccess(const QString &account, const QString &address) {
    QMutexLocker lock(&m_mutex);
    m_byPair.clear(pairKey(account, address));
}

qsizetype LoginThrottle::entries() {
    QMutexLocker lock(&m_mutex);
    return m_byPair.size() + m_byAddress.size();
}

} // namespace msgr::server
