#include "core/net/reconnect_backoff.h"

#include <QRandomGenerator>
#include <algorithm>

namespace msgr::core {

int ReconnectBackoff::nextDelayMs() {
    // 2^6 * 500 ms already exceeds the cap; clamping the exponent avoids overflow.
    const int exponent = std::min(m_attempt, 6);
    ++m_attempt;
    const int base = std::min(kMaxMs, kInitialMs << exponent);
    const double factor = 1.0 + kJitter * (QRandomGenerator::global()->generateDouble() * 2 - 1);
    return std::clamp(int(base * factor), 1, kMaxMs);
}

} // namespace msgr::core
