#pragma once
//! Notices that the machine slept: a periodic timer compares wall-clock time with the monotonic
//! clock, and a jump means time passed while nothing ran. Lives on the thread that created it.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace msgr::core {

class WakeDetector : public QObject {
    Q_OBJECT
public:
    static constexpr int kTickMs = 5'000;
    //! More wall-clock time than this beyond the tick means a sleep (or a clock change).
    static constexpr qint64 kJumpMs = 15'000;

    explicit WakeDetector(QObject *parent = nullptr);

signals:
    void wokeUp(qint64 sleptMs);

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_monotonic;
    qint64 m_lastWallMs = 0;
};

} // namespace msgr::core
