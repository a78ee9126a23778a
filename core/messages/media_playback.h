#pragma once
//! Plays a message's voice, audio or video attachment from the encrypted media cache: fetches
//! it into the cache when it is not there (MediaService::requestDownload), then hands the
//! player a DecryptingMediaDevice over the cache file (QMediaPlayer::setSourceDevice), so no
//! plaintext copy is ever written. QML: `MediaPlayback { context; player: mediaPlayer }` then
//! `load(fileId, name, size)`.
//!
//! Thread affinity: GUI thread (QML element); the cache is read on the device's reader thread.
#include "core/context/core_context.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>

class QMediaPlayer;

namespace msgr::core {

class DecryptingMediaDevice;

class MediaPlayback : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! A QtMultimedia MediaPlayer (QMediaPlayer).
    Q_PROPERTY(QObject *player READ player WRITE setPlayer NOTIFY playerChanged)
    //! "idle", "downloading", "opening", "ready", "failed".
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString error READ error NOTIFY statusChanged)
    //! The player's position and duration in ms, as doubles (QML tools know no qint64).
    Q_PROPERTY(double position READ position NOTIFY positionChanged)
    Q_PROPERTY(double duration READ duration NOTIFY durationChanged)
public:
    explicit MediaPlayback(QObject *parent = nullptr);
    ~MediaPlayback() override;

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    QObject *player() const;
    void setPlayer(QObject *player);
    const QString &status() const { return m_status; }
    const QString &error() const { return m_error; }
    double position() const;
    double duration() const;
    //! Moves the player to `ms` (once it is ready).
    Q_INVOKABLE void seek(double ms);

    //! Gets the file ready to play (downloading it first when needed); with `play`, starts
    //! playing once it is.
    Q_INVOKABLE void load(const QString &fileId, const QString &name, double size,
                          bool play = true);

signals:
    void contextChanged();
    void playerChanged();
    void statusChanged();
    void positionChanged();
    void durationChanged();

private:
    void onDownloadChanged(const QString &fileId);
    void open();
    void setStatus(const QString &status, const QString &error = {});

    QPointer<CoreContext> m_context;
    QPointer<QMediaPlayer> m_player;
    QPointer<DecryptingMediaDevice> m_device;
    QString m_fileId;
    QString m_name;
    QString m_status = QStringLiteral("idle");
    QString m_error;
    bool m_play = true;
    QMetaObject::Connection m_downloads;
};

} // namespace msgr::core
