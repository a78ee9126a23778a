#include "core/media/rate_meter.h"

#include <cmath>

namespace msgr::core {

void RateMeter::sample(qint64 bytesDone) {
    if (!m_clock.isValid())
        m_clock.start();
    const qint64 now = m_clock.elapsed();
    if (!m_samples.isEmpty() && bytesDone < m_samples.constLast().bytes)
        m_samples.clear();
    m_samples.append({now, bytesDone});
    // Keep one sample older than the window, so the span covers all of it.
    while (m_samples.size() > 2 && now - m_samples.at(1).atMs >= kWindowMs)
        m_samples.removeFirst();
}

double RateMeter::bytesPerSecond() const {
    if (m_samples.size() < 2)
        return 0;
    const Sample &first = m_samples.constFirst();
    const Sample &last = m_samples.constLast();
    const qint64 spanMs = last.atMs - first.atMs;
    if (spanMs < 200)
        return 0;
    return double(last.bytes - first.bytes) * 1000.0 / double(spanMs);
}

qint64 RateMeter::secondsLeft(qint64 remaining) const {
    const double rate = bytesPerSecond();
    if (rate <= 0)
        return remaining == 0 ? 0 : -1;
    return qint64(std::ceil(double(remaining) / rate));
}

} // namespace msgr::core
