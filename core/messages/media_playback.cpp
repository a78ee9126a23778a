#include "core/messages/media_playback.h"

#include "core/context/core_context.h"
#include "core/media/decrypting_media_device.h"
#include "core/media/media_service.h"

#include <QMediaPlayer>
#include <QUrl>

namespace msgr::core {

MediaPlayback::MediaPlayback(QObject *parent) : QObject(parent) {}

MediaPlayback::~MediaPlayback() {
    // Qt 6.4's GStreamer player, destroyed while its pipeline still plays a device, takes the
    // pipeline down from ~QMediaPlayer after its own derived part is gone: a "pad removed"
    // callback then runs on a half-destroyed object (a SIGSEGV in
    // QGstreamerMediaPlayer::decoderPadRemoved, seen once in tst_voice_video under load).
    // Emptying the source while both objects are whole takes the pipeline down first.
    if (m_player && m_device && m_player->sourceDevice() == m_device) {
        m_player->stop();
        m_player->setSourceDevice(nullptr);
    }
}

void MediaPlayback::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    m_context = context;
    emit contextChanged();
}

QObject *MediaPlayback::player() const {
    return m_player;
}

void MediaPlayback::setPlayer(QObject *player) {
    auto *mediaPlayer = qobject_cast<QMediaPlayer *>(player);
    if (m_player == mediaPlayer)
        return;
    if (m_player)
        disconnect(m_player, nullptr, this, nullptr);
    m_player = mediaPlayer;
    if (m_player) {
        connect(m_player, &QMediaPlayer::positionChanged, this, &MediaPlayback::positionChanged);
        connect(m_player, &QMediaPlayer::durationChanged, this, &MediaPlayback::durationChanged);
    }
    emit playerChanged();
    emit positionChanged();
    emit durationChanged();
}

double MediaPlayback::position() const {
    return m_player ? double(m_player->position()) : 0.0;
}

double MediaPlayback::duration() const {
    return m_player ? double(m_player->duration()) : 0.0;
}

void MediaPlayback::seek(double ms) {
    if (m_player && m_status == QStringLiteral("ready"))
        m_player->setPosition(qint64(ms));
}

void MediaPlayback::load(const QString &fileId, const QString &name, double size, bool play) {
    MediaService *media = m_context ? m_context->media() : nullptr;
    if (!media || !m_player || fileId.isEmpty())
        return setStatus(QStringLiteral("failed"), tr("The file cannot be played."));
    if (fileId == m_fileId &&
        (m_status == QStringLiteral("ready") || m_status == QStringLiteral("opening") ||
         m_status == QStringLiteral("downloading"))) {
        m_play = play;
        if (play && m_status == QStringLiteral("ready"))
            m_player->play();
        return;
    }
    m_fileId = fileId;
    m_name = name;
    m_play = play;
    disconnect(m_downloads);
    const auto known = media->download(fileId);
    if (known && known->state == TransferState::Done)
        return open();
    m_downloads =
        connect(media, &MediaService::downloadChanged, this, &MediaPlayback::onDownloadChanged);
    setStatus(QStringLiteral("downloading"));
    media->requestDownload(fileId, name, qint64(size));
}

void MediaPlayback::onDownloadChanged(const QString &fileId) {
    if (fileId != m_fileId || !m_context || !m_context->media())
        return;
    const auto known = m_context->media()->download(fileId);
    if (!known)
        return;
    if (known->state == TransferState::Done) {
        disconnect(m_downloads);
        open();
    } else if (known->state == TransferState::Failed) {
        disconnect(m_downloads);
        setStatus(QStringLiteral("failed"), known->error);
    }
}

void MediaPlayback::open() {
    setStatus(QStringLiteral("opening"));
    const QString fileId = m_fileId;
    m_context->media()->locateCached(
        fileId, this,
        [this, fileId](const QString &path, const QByteArray &key, const QString &error) {
            if (fileId != m_fileId || !m_player)
                return;
            if (path.isEmpty())
                return setStatus(QStringLiteral("failed"), error);
            if (m_device)
                m_device->deleteLater();
            // Owned by the player: it reads from it until it is given another source.
            auto *device = new DecryptingMediaDevice(m_player);
            m_device = device;
            connect(device, &DecryptingMediaDevice::failed, this,
                    [this](const QString &reason) { setStatus(QStringLiteral("failed"), reason); });
            connect(device, &DecryptingMediaDevice::opened, this, [this, device] {
                if (device != m_device || !m_player)
                    return;
                // The name's suffix helps the back-end guess the container.
                m_player->setSourceDevice(device, QUrl(m_name));
                setStatus(QStringLiteral("ready"));
                if (m_play)
                    m_player->play();
            });
            device->openCacheFile(path, crypto::SecureBytes::copyOf(key));
        });
}

void MediaPlayback::setStatus(const QString &status, const QString &error) {
    if (m_status == status && m_error == error)
        return;
    m_status = status;
    m_error = error;
    emit statusChanged();
}

} // namespace msgr::core
