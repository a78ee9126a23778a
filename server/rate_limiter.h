#pragma once
//! Token buckets: one for the requests of a connection (docs/protocol.md §1), and a keyed,
//! thread-safe set of them for limits per client address (sign-ups) or per user; and a cap
//! of jobs in progress, in all and per key (the password-hash queue's fair share).
#include <QHash>
#include <QMutex>
#include <QString>
#include <QtGlobal>

namespace msgr::server {

//! Not thread-safe: owned by one connection on its thread. Time is passed in, so tests need
//! no clock.
class TokenBucket {
public:
    TokenBucket(int capacity, double refillPerSecond, qint64 nowMs);

    //! Takes one token. When none is left returns false and sets `retryAfterMs` to the time
    //! until the next token.
    bool tryTake(qint64 nowMs, qint64 *retryAfterMs);
    //! True when the bucket has refilled completely: it is then the same as a new one.
    bool isFull(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_capacity;
    double m_perMs;
    double m_tokens;
    qint64 m_lastMs;
};

//! One TokenBucket per key (a client address, a user id), created full on first use.
//! Thread-safe. Memory is bounded: at most `maxKeys` buckets; full buckets are dropped first
//! (a full bucket is the same as none), then, under a flood of distinct keys, any bucket.
class KeyedRateLimiter {
public:
    KeyedRateLimiter(int capacity, double refillPerSecond, int maxKeys);

    //! Takes a token of `key`'s bucket; false and `retryAfterMs` when it has none.
    bool tryTake(const QString &key, qint64 nowMs, qint64 *retryAfterMs);
    qsizetype keys();

private:
    void makeRoom(qint64 nowMs);

    const int m_capacity;
    const double m_refillPerSecond;
    const int m_maxKeys;
    QMutex m_mutex;
    QHash<QString, TokenBucket> m_buckets;
};

//! At most `total` jobs in progress, and at most `perKey` of them for one key (a client
//! address), so one key cannot take every place. Thread-safe. Memory: only keys with jobs in
//! progress are held, so at most `total` of them.
class ConcurrencyLimiter {
public:
    ConcurrencyLimiter(int total, int perKey) : m_total(total), m_perKey(perKey) {}

    enum class Admission { Admitted, Full, KeyFull };
    //! Admitted: the caller must call release(key) once the job is done.
    Admission tryAcquire(const QString &key);
    void release(const QString &key);
    int inProgress();

private:
    const int m_total;
    const int m_perKey;
    QMutex m_mutex;
    int m_inProgress = 0;
    QHash<QString, int> m_byKey; // no zero entries
};

} // namespace msgr::server
