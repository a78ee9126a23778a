#include "core/net/wake_detector.h"

#include <QDateTime>
#include <QtMath>

namespace msgr::core {

WakeDetector::WakeDetector(QObject *parent) : QObject(parent) {
    m_monotonic.start();
    m_lastWallMs = QDateTime::currentMSecsSinceEpoch();
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &WakeDetector::tick);
    m_timer.start();
}

void WakeDetector::tick() {
    // CLOCK_MONOTONIC stops while the machine is suspended on Linux; wall-clock time does not.
    const qint64 wallNow = QDateTime::currentMSecsSinceEpoch();
    const qint64 monotonicElapsed = m_monotonic.restart();
    const qint64 wallElapsed = wallNow - m_lastWallMs;
    m_lastWallMs = wallNow;
    const qint64 unexplained = wallElapsed - monotonicElapsed;
    if (qAbs(unexplained) > kJumpMs)
        emit wokeUp(unexplained);
}

} // namespace msgr::core
