#pragma once
//! "Set photo" / "Remove photo" of the profile, a group or a channel (docs/protocol.md §24):
//! the picked picture is prepared off the GUI thread (photo_preparation.h), written 0600 into
//! the profile's media folder and uploaded through the MediaService's UploadManager like an
//! attachment; its file id and thumbnail then go to the engine's setPhoto. The written file is
//! removed once uploaded (or refused). One change at a time per changer.
//!
//! Thread affinity: GUI thread.
#include "core/photos/photo_service.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

namespace msgr::core {

class MediaService;
class SyncEngine;

class PhotoChanger : public QObject {
    Q_OBJECT
public:
    explicit PhotoChanger(QObject *parent = nullptr);

    bool busy() const { return m_busy; }
    //! Uploads the picture at `file` (a local file URL) and makes it the target's photo;
    //! finished() follows. Refused at once (finished with the reason) when busy or offline.
    void set(SyncEngine *engine, MediaService *media, PhotoTarget target, qint64 id,
             const QUrl &file);
    //! Removes the target's photo; finished() follows.
    void remove(SyncEngine *engine, PhotoTarget target, qint64 id);

signals:
    void busyChanged();
    //! `error` empty: the server took the change and it is stored.
    void finished(const QString &error);

private:
    void upload(const QString &path, const QByteArray &thumbnail);
    void callServer(const protocol::Photo &photo);
    void finish(const QString &error);

    bool m_busy = false;
    QPointer<SyncEngine> m_engine;
    QPointer<MediaService> m_media;
    PhotoTarget m_target = PhotoTarget::Profile;
    qint64 m_id = 0;
    QString m_uploadPath;
    QMetaObject::Connection m_watch;
};

} // namespace msgr::core
