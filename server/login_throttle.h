#pragma once
//! Counts failed log-ins per account and per source address in a sliding window and refuses
//! further attempts past the limits of docs/protocol.md §1. Thread-safe; memory is bounded
//! by pruning keys whose failures have all left the window.
#include <QHash>
#include <QMutex>
#include <QString>
#include <QVector>
#include <functional>

namespace msgr::server {

struct LoginThrottleLimits {
    int perAccount = 5;
    int perAddress = 20;
    qint64 windowMs = 15 * 60 * 1000;
};

class LoginThrottle {
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit LoginThrottle(LoginThrottleLimits limits = {}, Clock clock = {});

    //! 0 when an attempt is allowed, otherwise how long until it will be.
    qint64 retryAfterMs(const QString &account, const QString &address);
    void recordFailure(const QString &account, const QString &address);

private:
    using Failures = QVector<qint64>; // ascending times of failures inside the window
    qint64 blockedFor(QHash<QString, Failures> &table, const QString &key, int limit, qint64 now);
    void prune(QHash<QString, Failures> &table, qint64 now);

    LoginThrottleLimits m_limits;
    Clock m_clock;
    QMutex m_mutex;
    QHash<QString, Failures> m_byAccount;
    QHash<QString, Failures> m_byAddress;
    int m_recordsSincePrune = 0;
};

} // namespace msgr::server
