#pragma once
//! A transfer's rate over the last few seconds and the time left at that rate, from samples of
//! the bytes done. Not thread-safe (one owner).
#include <QElapsedTimer>
#include <QList>

namespace msgr::core {

class RateMeter {
public:
    static constexpr qint64 kWindowMs = 3000;

    //! Notes `bytesDone` now; a drop (a part resent) starts the window again.
    void sample(qint64 bytesDone);
    //! Forgets the samples (paused, waiting to retry): the rate is unknown again.
    void reset() { m_samples.clear(); }
    //! Bytes per second over the window; 0 until two samples span at least 200 ms.
    double bytesPerSecond() const;
    //! Seconds to send `remaining` bytes at the current rate; -1 when unknown.
    qint64 secondsLeft(qint64 remaining) const;

private:
    struct Sample {
        qint64 atMs;
        qint64 bytes;
    };
    QElapsedTimer m_clock;
    QList<Sample> m_samples;
};

} // namespace msgr::core
