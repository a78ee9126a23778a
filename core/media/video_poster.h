#pragma once
//! A video's first frame and length, read on the sender's device before it is sent (issue 8):
//! the attachment carries them (a <= 96 px JPEG thumbnail, width and height, durationMs), so
//! the receiver's bubble shows a picture and a length before anything is downloaded. Decoded
//! by Qt Multimedia (QMediaPlayer into a QVideoSink, no audio output) on the calling thread's
//! own event loop: call it on a worker thread (the attachment description runs on the pool),
//! never the GUI thread.
//!
//! Thread affinity: any worker thread with no event loop of its own running (it spins one).
#include <QImage>
#include <QString>
#include <optional>

namespace msgr::core {

//! How long the decoder gets to show the first frame before the video is sent without one.
inline constexpr int kVideoPosterTimeoutMs = 15'000;

struct VideoPoster {
    QImage frame;          //!< the first frame, full size
    qint64 durationMs = 0; //!< 0 when the container does not say
};

//! The first frame and length of the video at `path`; nothing when it cannot be decoded (not a
//! video, no decoder for it, no frame within `timeoutMs`) or the process has no
//! QGuiApplication (msgr-cli).
std::optional<VideoPoster> readVideoPoster(const QString &path,
                                           int timeoutMs = kVideoPosterTimeoutMs);

} // namespace msgr::core
