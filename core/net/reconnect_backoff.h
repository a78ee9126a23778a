#pragma once
//! Delays between reconnect attempts: exponential from 0.5 s to 30 s, with ±20 % jitter so a
//! server restart is not met by every client at the same instant. Not thread-safe (one owner).
#include <QtGlobal>

namespace msgr::core {

class ReconnectBackoff {
public:
    static constexpr int kInitialMs = 500;
    static constexpr int kMaxMs = 30'000;
    static constexpr double kJitter = 0.2;

    //! `initialMs`: the first delay (tests stretch it to see what waits for the backoff and
    //! what does not); the cap is kMaxMs, or `initialMs` when that is longer.
    explicit ReconnectBackoff(int initialMs = kInitialMs) : m_initialMs(initialMs) {}

    //! The delay before the next attempt; each call doubles the base up to kMaxMs.
    int nextDelayMs();
    //! After a connection that got as far as a successful sign-in.
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

private:
    int m_initialMs;
    int m_attempt = 0;
};

} // namespace msgr::core
