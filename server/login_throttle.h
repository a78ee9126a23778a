#pragma once
//! Slows password guessing down without letting anyone lock an account's owner out.
//!
//! Two counters of failed log-ins, each with growing delays (docs/protocol.md §1):
//! - per (account, address): after `failuresBeforeDelay` failures the next attempt waits
//!   base, after one more 2×base, then 4×base, ... up to `maxDelayMs`. A guesser elsewhere has a
//!   counter of its own, so the owner, from their own address, is never slowed by it. A success
//!   from that address clears it.
//! - per address, over every account: the same shape with a higher count, so one address
//!   cannot spray guesses across many accounts. Never cleared by a success (an
//!   attacker could otherwise interleave log-ins to an account of their own).
//! A counter is forgotten `forgetAfterMs` after its last failure. Memory is bounded: each table
//! holds at most `maxEntries` keys; past that the stalest are dropped first.
//! Thread-safe. The clock is injected (monotonic ms) so tests move time themselves.
#include <QHash>
#include <QMutex>
#include <QString>
#include <functional>

namespace msgr::server {

//! One counter's policy: the first `failuresBeforeDelay - 1` failures cost nothing; from the
//! `failuresBeforeDelay`-th on, each makes the next attempt wait, doubling from `baseDelayMs`.
struct BackoffPolicy {
    int failuresBeforeDelay = 5;
    qint64 baseDelayMs = 1'000;
    qint64 maxDelayMs = 15 * 60 * 1000;
    qint64 forgetAfterMs = 60 * 60 * 1000; // a counter idle this long starts again at zero
};

struct LoginThrottleLimits {
    BackoffPolicy perAccountAddress{5, 1'000, 15 * 60 * 1000, 60 * 60 * 1000};
    BackoffPolicy perAddress{50, 1'000, 15 * 60 * 1000, 60 * 60 * 1000};
    int maxEntries = 100'000; // per table
};

//! Failures of one key and when it may try again. Not thread-safe; LoginThrottle locks.
class BackoffTable {
public:
    BackoffTable(BackoffPolicy policy, int maxEntries)
        : m_policy(policy), m_maxEntries(maxEntries) {}

    //! 0 when an attempt is allowed now, otherwise the wait in ms.
    qint64 retryAfterMs(const QString &key, qint64 now) const;
    //! Returns the wait the next attempt faces (0 while failures are free).
    qint64 recordFailure(const QString &key, qint64 now);
    void clear(const QString &key) { m_entries.remove(key); }
    qsizetype size() const { return m_entries.size(); }

private:
    struct Entry {
        int failures = 0;
        qint64 lastFailureMs = 0;
        qint64 blockedUntilMs = 0;
    };
    void makeRoom(qint64 now);

    BackoffPolicy m_policy;
    int m_maxEntries;
    QHash<QString, Entry> m_entries;
};

class LoginThrottle {
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit LoginThrottle(LoginThrottleLimits limits = {}, Clock clock = {});

    //! 0 when an attempt is allowed, otherwise how long until it will be.
    qint64 retryAfterMs(const QString &account, const QString &address);
    void recordFailure(const QString &account, const QString &address);
    //! The right password from this address: its (account, address) counter starts again.
    void recordSuccess(const QString &account, const QString &address);

    //! Keys held (both tables), for tests of the memory bound.
    qsizetype entries();

private:
    static QString pairKey(const QString &account, const QString &address);

    Clock m_clock;
    QMutex m_mutex;
    BackoffTable m_byPair;
    BackoffTable m_byAddress;
};

} // namespace msgr::server
