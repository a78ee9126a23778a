#include "server/login_throttle.h"

#include <QElapsedTimer>

namespace msgr::server {
namespace {
constexpr int kPruneEvery = 1024;

qint64 monotonicMs() {
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}
} // namespace

LoginThrottle::LoginThrottle(LoginThrottleLimits limits, Clock clock)
    : m_limits(limits), m_clock(clock ? std::move(clock) : Clock(monotonicMs)) {}

qint64 LoginThrottle::blockedFor(QHash<QString, Failures> &table, const QString &key, int limit,
                                 qint64 now) {
    auto it = table.find(key);
    if (it == table.end())
        return 0;
    Failures &f = *it;
    while (!f.isEmpty() && f.constFirst() + m_limits.windowMs <= now)
        f.removeFirst();
    if (f.size() < limit)
        return 0;
    // Allowed again when the oldest failure that keeps the count at the limit leaves the window.
    return f.at(f.size() - limit) + m_limits.windowMs - now;
}

qint64 LoginThrottle::retryAfterMs(const QString &account, const QString &address) {
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock();
    return qMax(blockedFor(m_byAccount, account, m_limits.perAccount, now),
                blockedFor(m_byAddress, address, m_limits.perAddress, now));
}

void LoginThrottle::prune(QHash<QString, Failures> &table, qint64 now) {
    for (auto it = table.begin(); it != table.end();) {
        if (it->isEmpty() || it->constLast() + m_limits.windowMs <= now)
            it = table.erase(it);
        else
            ++it;
    }
}

void LoginThrottle::recordFailure(const QString &account, const QString &address) {
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock();
    for (auto [table, key, limit] : {std::tuple{&m_byAccount, account, m_limits.perAccount},
                                     std::tuple{&m_byAddress, address, m_limits.perAddress}}) {
        Failures &f = (*table)[key];
        f.append(now);
        // Only the newest `limit` failures matter for the decision: keep the list short.
        while (f.size() > limit)
            f.removeFirst();
    }
    if (++m_recordsSincePrune >= kPruneEvery) {
        m_recordsSincePrune = 0;
        prune(m_byAccount, now);
        prune(m_byAddress, now);
    }
}

} // namespace msgr::server
