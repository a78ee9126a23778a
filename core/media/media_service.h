#pragma once
//! The app's file transfers in one place: a transfer thread of their own running the
//! UploadManager and the DownloadManager over the profile (their state in the encrypted
//! database, downloads in the encrypted media cache), started once the session's token is
//! known, and the latest progress of every transfer kept here for the models to show.
//!
//! Thread affinity: GUI thread (the managers live on the transfer thread; their signals are
//! queued here). Destroy it before the store.
#include "core/media/download_settings.h"
#include "core/media/transfer_progress.h"
#include "core/media/upload_settings.h"
#include "core/net/proxy_settings.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QUrl>
#include <functional>
#include <optional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class DownloadManager;
class StorageUsage;
class UploadManager;

class MediaService : public QObject {
    Q_OBJECT
public:
    //! `store` must be open before setServer() and outlive this; `cacheDir` is the profile's
    //! media cache folder.
    MediaService(storage::ProfileStore *store, const QString &cacheDir, UploadSettings uploads = {},
                 DownloadSettings downloads = {}, QObject *parent = nullptr);
    ~MediaService() override;

    //! The server's WebSocket address (its http(s) origin is used) and the session token;
    //! the first call starts the transfers, an empty token holds them.
    void setServer(const QUrl &webSocketUrl, const QString &token);
    //! Signed in: the session token is read from the profile (on the storage thread), then
    //! setServer(webSocketUrl, token).
    void useProfileSession(const QUrl &webSocketUrl);
    //! The proxy of the uploads' and downloads' next requests (Session::proxyChanged).
    void setProxy(const ProxySettings &proxy);
    bool isStarted() const { return m_started; }
    //! The profile's media cache folder.
    const QString &cacheDir() const { return m_cacheDir; }

    UploadManager *uploads() const { return m_uploads; }
    DownloadManager *downloads() const { return m_downloads; }
    //! Settings > Storage: the profile's disk use and "Clear cache".
    StorageUsage *storage() const { return m_storage; }

    std::optional<TransferProgress> upload(qint64 uploadId) const;
    std::optional<TransferProgress> download(const QString &fileId) const;
    //! Fetches the file into the encrypted cache unless it is there or on its way (a failed
    //! one is tried again).
    void requestDownload(const QString &fileId, const QString &name, qint64 size);
    void cancelDownload(const QString &fileId);
    void cancelUpload(qint64 uploadId);
    //! Runs a paused or failed upload again from the offset the server confirmed.
    void resumeUpload(qint64 uploadId);
    //! Writes the downloaded file decrypted where the user chose; saved() follows.
    void saveAs(const QString &fileId, const QString &targetPath);
    //! The downloaded file's bytes, decrypted in memory on the transfer thread; `done` runs on
    //! `receiver`'s thread (empty bytes and the reason when it cannot).
    void readIntoMemory(const QString &fileId, QObject *receiver,
                        std::function<void(QByteArray bytes, QString error)> done);
    //! The downloaded file's cache path and key (DownloadManager::locateCached), for playing it
    //! through a DecryptingMediaDevice.
    void locateCached(const QString &fileId, QObject *receiver,
                      std::function<void(QString path, QByteArray key, QString error)> done);

    //! The http(s) origin of a ws(s):// server address.
    static QUrl httpUrlOf(QUrl webSocketUrl);

signals:
    void uploadChanged(const msgr::core::TransferProgress &progress);
    void uploadRemoved(qint64 uploadId);
    void downloadChanged(const QString &fileId);
    void saved(const QString &fileId, const QString &targetPath, const QString &error);

private:
    storage::ProfileStore *m_store;
    QString m_cacheDir;
    QThread m_thread;
    UploadManager *m_uploads;
    DownloadManager *m_downloads;
    StorageUsage *m_storage;
    bool m_started = false;
    QHash<qint64, TransferProgress> m_uploadProgress;
    QHash<QString, TransferProgress> m_downloadProgress; // by file id
    QHash<qint64, QString> m_downloadFileIds;            // download id -> file id
    QSet<QString> m_requested;                           // asked for in this run
};

} // namespace msgr::core
