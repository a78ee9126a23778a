#include "core/media/video_poster.h"

#include <QEventLoop>
#include <QGuiApplication>
#include <QMediaPlayer>
#include <QTimer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

namespace msgr::core {

std::optional<VideoPoster> readVideoPoster(const QString &path, int timeoutMs) {
    // Converting a frame to an image may need the GUI's graphics set-up: the headless
    // msgr-cli (a QCoreApplication) sends its videos without a poster.
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance()) == nullptr)
        return std::nullopt;
    QEventLoop loop;
    QMediaPlayer player; // no audio output: nothing is heard
    QVideoSink sink;
    player.setVideoSink(&sink);
    VideoPoster poster;
    // Done once a frame is there and the length known (or the media says it has none).
    const auto finishIfDone = [&] {
        if (!poster.frame.isNull() &&
            (player.duration() > 0 || player.mediaStatus() == QMediaPlayer::BufferedMedia))
            loop.quit();
    };
    QObject::connect(&sink, &QVideoSink::videoFrameChanged, &loop, [&](const QVideoFrame &frame) {
        if (poster.frame.isNull() && frame.isValid())
            poster.frame = frame.toImage();
        finishIfDone();
    });
    QObject::connect(&player, &QMediaPlayer::durationChanged, &loop, finishIfDone);
    QObject::connect(&player, &QMediaPlayer::mediaStatusChanged, &loop,
                     [&](QMediaPlayer::MediaStatus status) {
                         const bool loaded = status == QMediaPlayer::LoadedMedia ||
                                             status == QMediaPlayer::BufferedMedia;
                         // No picture in it (an audio file named as a video): no need to wait
                         // for one.
                         if (status == QMediaPlayer::InvalidMedia ||
                             status == QMediaPlayer::EndOfMedia || (loaded && !player.hasVideo()))
                             loop.quit();
                         finishIfDone();
                     });
    QObject::connect(&player, &QMediaPlayer::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    player.setSource(QUrl::fromLocalFile(path));
    player.play();
    if (player.error() == QMediaPlayer::NoError)
        loop.exec();
    poster.durationMs = std::max<qint64>(0, player.duration());
    player.stop();
    if (poster.frame.isNull())
        return std::nullopt;
    return poster;
}

} // namespace msgr::core
