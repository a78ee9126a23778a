#include "core/photos/photo_changer.h"

#include "core/engine/sync_engine.h"
#include "core/media/media_service.h"
#include "core/media/upload_manager.h"
#include "core/photos/photo_preparation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QThreadPool>
#include <QUuid>

namespace msgr::core {
namespace {

QString photoOfflineText() {
    return QCoreApplication::translate("PhotoChanger", "Not connected to the server.");
}

//! The server's refusal as the user reads it.
QString photoRefusalText(const QString &code, const QString &message) {
    if (code == QLatin1String("OFFLINE"))
        return photoOfflineText();
    if (code == QLatin1String("FORBIDDEN"))
        return QCoreApplication::translate("PhotoChanger",
                                           "Only the owner and admins can do this.");
    if (code == QLatin1String("TOO_LARGE"))
        return QCoreApplication::translate("PhotoChanger", "The photo is too large.");
    return message.isEmpty() ? code : message;
}

struct PreparedUpload {
    QString path; // written 0600; empty on failure
    QByteArray thumbnail;
    QString error;
};

} // namespace

PhotoChanger::PhotoChanger(QObject *parent) : QObject(parent) {}

void PhotoChanger::set(SyncEngine *engine, MediaService *media, PhotoTarget target, qint64 id,
                       const QUrl &file) {
    if (m_busy)
        return emit finished(
            QCoreApplication::translate("PhotoChanger", "A photo is already being changed."));
    if (!engine || !media || !media->isStarted())
        return emit finished(photoOfflineText());
    m_engine = engine;
    m_media = media;
    m_target = target;
    m_id = id;
    m_busy = true;
    emit busyChanged();
    const QString source = file.isLocalFile() ? file.toLocalFile() : file.toString();
    // The outgoing copy lives beside the encrypted cache (0700), 0600, until it is uploaded.
    const QString dir = media->cacheDir() + QStringLiteral("/outgoing-photos");
    QThreadPool::globalInstance()->start([self = QPointer(this), source, dir] {
        PreparedUpload out;
        if (auto photo = preparePhoto(source, &out.error)) {
            QDir().mkpath(dir);
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            const QString path = dir + QLatin1Char('/') +
                                 QUuid::createUuid().toString(QUuid::WithoutBraces) +
                                 QStringLiteral(".jpg");
            QFile f(path);
            if (f.open(QIODevice::WriteOnly) &&
                f.setPermissions(QFile::ReadOwner | QFile::WriteOwner) &&
                f.write(photo->jpeg) == photo->jpeg.size() && f.flush()) {
                out.path = path;
                out.thumbnail = photo->thumbnail;
            } else {
                f.remove();
                out.error =
                    QCoreApplication::translate("PhotoChanger", "The photo could not be saved.");
            }
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, out] {
                if (!self) {
                    if (!out.path.isEmpty())
                        QFile::remove(out.path);
                    return;
                }
                if (out.path.isEmpty())
                    return self->finish(out.error);
                self->upload(out.path, out.thumbnail);
            },
            Qt::QueuedConnection);
    });
}

void PhotoChanger::upload(const QString &path, const QByteArray &thumbnail) {
    if (!m_media)
        return finish(photoOfflineText());
    m_uploadPath = path;
    m_watch = connect(m_media, &MediaService::uploadChanged, this,
                      [this, thumbnail](const TransferProgress &p) {
                          if (p.localPath != m_uploadPath)
                              return;
                          if (p.state == TransferState::Done && !p.fileId.isEmpty()) {
                              disconnect(m_watch);
                              callServer(protocol::Photo{p.fileId, thumbnail});
                          } else if (p.state == TransferState::Failed) {
                              disconnect(m_watch);
                              finish(p.error);
                          }
                      });
    m_media->uploads()->addUpload(path, QStringLiteral("image/jpeg"));
}

void PhotoChanger::remove(SyncEngine *engine, PhotoTarget target, qint64 id) {
    if (m_busy)
        return emit finished(
            QCoreApplication::translate("PhotoChanger", "A photo is already being changed."));
    if (!engine)
        return emit finished(photoOfflineText());
    m_engine = engine;
    m_target = target;
    m_id = id;
    m_busy = true;
    emit busyChanged();
    callServer({});
}

void PhotoChanger::callServer(const protocol::Photo &photo) {
    if (!m_engine)
        return finish(photoOfflineText());
    m_engine->setPhoto(m_target, m_id, photo, this,
                       [this](const QString &code, const QString &message) {
                           finish(code.isEmpty() ? QString() : photoRefusalText(code, message));
                       });
}

void PhotoChanger::finish(const QString &error) {
    if (!m_uploadPath.isEmpty()) {
        QFile::remove(m_uploadPath); // the server has it (or refused it)
        m_uploadPath.clear();
    }
    disconnect(m_watch);
    m_busy = false;
    emit busyChanged();
    emit finished(error);
}

} // namespace msgr::core
