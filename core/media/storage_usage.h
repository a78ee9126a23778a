#pragma once
//! Settings > Storage for QML: the profile's disk use by part (storage_figures.h), measured on
//! the transfer thread, and "Clear cache". Thread affinity: GUI thread; owned by MediaService.
#include "core/media/storage_figures.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class MediaService;

class StorageUsage : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by the client's MediaService; reached as Session.context.storage")
    //! Bytes, as doubles: QML numbers (a profile passes 2 GiB).
    Q_PROPERTY(double databaseBytes READ databaseBytes NOTIFY figuresChanged)
    Q_PROPERTY(double photoBytes READ photoBytes NOTIFY figuresChanged)
    Q_PROPERTY(double fileBytes READ fileBytes NOTIFY figuresChanged)
    Q_PROPERTY(double otherBytes READ otherBytes NOTIFY figuresChanged)
    Q_PROPERTY(double uploadBytes READ uploadBytes NOTIFY figuresChanged)
    Q_PROPERTY(double totalBytes READ totalBytes NOTIFY figuresChanged)
    Q_PROPERTY(double clearableBytes READ clearableBytes NOTIFY figuresChanged)
    //! False until the first measurement came back.
    Q_PROPERTY(bool measured READ measured NOTIFY figuresChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
public:
    explicit StorageUsage(MediaService *media);

    const StorageFigures &figures() const { return m_figures; }
    double databaseBytes() const { return double(m_figures.databaseBytes); }
    double photoBytes() const { return double(m_figures.photoBytes); }
    double fileBytes() const { return double(m_figures.fileBytes); }
    double otherBytes() const { return double(m_figures.otherBytes); }
    double uploadBytes() const { return double(m_figures.uploadBytes); }
    double totalBytes() const { return double(m_figures.totalBytes()); }
    double clearableBytes() const { return double(m_figures.clearableBytes()); }
    bool measured() const { return m_measured; }
    bool busy() const { return m_pending > 0; }

    //! Measures again; figuresChanged follows.
    Q_INVOKABLE void refresh();
    //! Deletes the cached files that can be fetched again (DownloadManager::clearCache), then
    //! measures again; cleared() follows. The UI asks for confirmation first.
    Q_INVOKABLE void clearCache();
    //! "12.3 MB": a byte count for people (locale-aware).
    Q_INVOKABLE QString formatBytes(double bytes) const;

signals:
    void figuresChanged();
    void busyChanged();
    void cleared(int files, double bytes);

private:
    void begin();
    void end();

    MediaService *m_media;
    StorageFigures m_figures;
    bool m_measured = false;
    int m_pending = 0;
};

} // namespace msgr::core
