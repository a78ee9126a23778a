#include "core/media/media_service.h"

#include "core/media/download_manager.h"
#include "core/media/storage_usage.h"
#include "core/media/upload_manager.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

namespace msgr::core {

MediaService::MediaService(storage::ProfileStore *store, const QString &cacheDir,
                           UploadSettings uploads, DownloadSettings downloads, QObject *parent)
    : QObject(parent), m_store(store), m_cacheDir(cacheDir),
      m_uploads(new UploadManager(store, uploads)),
      m_downloads(new DownloadManager(store, cacheDir, downloads)),
      m_storage(new StorageUsage(this)) {
    m_thread.setObjectName(QStringLiteral("msgr-transfers"));
    m_uploads->moveToThread(&m_thread);
    m_downloads->moveToThread(&m_thread);
    connect(m_uploads, &UploadManager::transferChanged, this, [this](const TransferProgress &p) {
        m_uploadProgress.insert(p.id, p);
        emit uploadChanged(p);
    });
    connect(m_uploads, &UploadManager::transferRemoved, this, [this](qint64 id) {
        m_uploadProgress.remove(id);
        emit uploadRemoved(id);
    });
    connect(m_downloads, &DownloadManager::transferChanged, this,
            [this](const TransferProgress &p) {
                m_downloadFileIds.insert(p.id, p.fileId);
                m_downloadProgress.insert(p.fileId, p);
                emit downloadChanged(p.fileId);
            });
    connect(m_downloads, &DownloadManager::transferRemoved, this, [this](qint64 id) {
        const QString fileId = m_downloadFileIds.take(id);
        m_downloadProgress.remove(fileId);
        m_requested.remove(fileId);
        emit downloadChanged(fileId);
    });
    connect(m_downloads, &DownloadManager::saved, this,
            [this](qint64 id, const QString &path, const QString &error) {
                emit saved(m_downloadFileIds.value(id), path, error);
            });
    // Deleting a message deletes what the cache holds of its files ("deleted" means gone
    // from this device), once no other message carries them.
    connect(store, &storage::ProfileStore::changed, this, [this](const storage::ChangeSet &c) {
        if (!c.releasedFileIds.isEmpty())
            m_downloads->forgetFiles(c.releasedFileIds);
    });
    m_thread.start();
}

MediaService::~MediaService() {
    // The managers abandon their requests on their own thread, before it stops.
    QMetaObject::invokeMethod(
        m_uploads, [uploads = m_uploads] { delete uploads; }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(
        m_downloads, [downloads = m_downloads] { delete downloads; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QUrl MediaService::httpUrlOf(QUrl webSocketUrl) {
    webSocketUrl.setScheme(webSocketUrl.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                                         : QStringLiteral("http"));
    webSocketUrl.setPath({});
    return webSocketUrl;
}

void MediaService::setServer(const QUrl &webSocketUrl, const QString &token) {
    const QUrl http = httpUrlOf(webSocketUrl);
    m_uploads->setServer(http, token);
    m_downloads->setServer(http, token);
    if (m_started)
        return;
    m_started = true;
    m_uploads->start();
    m_downloads->start();
}

void MediaService::useProfileSession(const QUrl &webSocketUrl) {
    // The token stays inside this process: from the encrypted profile to the transfer thread.
    m_store->read([](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); },
                  this,
                  [this, webSocketUrl](const std::optional<storage::AccountState> &account) {
                      if (account && !account->token.isEmpty())
                          setServer(webSocketUrl, account->token);
                  });
}

void MediaService::setProxy(const ProxySettings &proxy) {
    m_uploads->setProxy(proxy);
    m_downloads->setProxy(proxy);
}

std::optional<TransferProgress> MediaService::upload(qint64 uploadId) const {
    const auto it = m_uploadProgress.constFind(uploadId);
    return it == m_uploadProgress.cend() ? std::nullopt : std::optional(*it);
}

std::optional<TransferProgress> MediaService::download(const QString &fileId) const {
    const auto it = m_downloadProgress.constFind(fileId);
    return it == m_downloadProgress.cend() ? std::nullopt : std::optional(*it);
}

void MediaService::requestDownload(const QString &fileId, const QString &name, qint64 size) {
    const auto known = download(fileId);
    if (m_requested.contains(fileId) && !(known && known->state == TransferState::Failed))
        return;
    if (known && known->state == TransferState::Done)
        return;
    m_requested.insert(fileId);
    m_downloads->addDownload(fileId, name, size);
}

void MediaService::cancelDownload(const QString &fileId) {
    if (const auto known = download(fileId))
        m_downloads->cancel(known->id);
}

void MediaService::cancelUpload(qint64 uploadId) {
    m_uploads->cancel(uploadId);
}

void MediaService::resumeUpload(qint64 uploadId) {
    m_uploads->resume(uploadId);
}

void MediaService::saveAs(const QString &fileId, const QString &targetPath) {
    const auto known = download(fileId);
    if (!known)
        return emit saved(fileId, targetPath, tr("The file is not downloaded."));
    m_downloads->saveAs(known->id, targetPath);
}

void MediaService::readIntoMemory(const QString &fileId, QObject *receiver,
                                  std::function<void(QByteArray, QString)> done) {
    m_downloads->readIntoMemory(fileId, receiver, std::move(done));
}

void MediaService::locateCached(const QString &fileId, QObject *receiver,
                                std::function<void(QString, QByteArray, QString)> done) {
    m_downloads->locateCached(fileId, receiver, std::move(done));
}

} // namespace msgr::core
