#pragma once
//! A token bucket for the requests of one connection (docs/protocol.md §1). Not thread-safe:
//! owned by one connection on its worker thread. Time is passed in, so tests need no clock.
#include <QtGlobal>

namespace msgr::server {

class TokenBucket {
public:
    TokenBucket(int capacity, int refillPerSecond, qint64 nowMs);

    //! Takes one token. When none is left returns false and sets `retryAfterMs` to the time
    //! until the next token.
    bool tryTake(qint64 nowMs, qint64 *retryAfterMs);

private:
    void refill(qint64 nowMs);

    double m_capacity;
    double m_perMs;
    double m_tokens;
    qint64 m_lastMs;
};

} // namespace msgr::server
