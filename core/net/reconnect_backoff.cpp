#include "core/net/reconnect_backoff.h"

#include <QRandomGenerator>
#include <algorithm>

namespace msgr::core {

int ReconnectBackoff::nextDelayMs() {
    // 2^6 * 500 ms already exceeds the cap; clamping the exponent avoids overflow.
    const int exponent = std::min(m_attempt, 6);
    ++m_attempt;
    const int cap = std::max(kMaxMs, m_initialMs);
    const int base = int(std::min<qint64>(cap, qint64(m_initialMs) << exponent));
    const double factor = 1.0 + kJitter * (QRandomGenerator::global()->generateDouble() * 2 - 1);
    return std::clamp(int(base * factor), 1, cap);
}

} // namespace msgr::core
