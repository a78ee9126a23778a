#include "core/media/download_manager.h"

#include "core/media/download_answer_parsing.h"
#include "core/media/media_cache.h"
#include "core/media/media_logging.h"
#include "core/media/tus_answer_parsing.h"
#include "crypto/sodium.h"
#include "storage/context_lifeline.h"
#include "storage/profile_store.h"
#include "storage/tables/downloads_table.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace msgr::core {

DownloadManager::DownloadManager(storage::ProfileStore *store, const QString &cacheDir,
                                 DownloadSettings settings, QObject *parent)
    : TransferManagerBase(m_environment, settings.progressIntervalMs, "downloads", parent),
      m_store(store) {
    m_environment.store = store;
    m_environment.settings = settings;
    m_environment.cacheDir = cacheDir;
}

DownloadManager::~DownloadManager() {
    for (auto &[id, transfer] : m_transfers)
        delete transfer;
}

void DownloadManager::start() {
    QMetaObject::invokeMethod(
        this,
        [this] {
            connectNetwork();
            if (!prepareCacheDir(m_environment.cacheDir))
                qCWarning(lcMedia)
                    << "the media cache folder cannot be used:" << m_environment.cacheDir;
            m_store->read(
                [](storage::ReadTransaction &tx) {
                    QList<Loaded> loaded;
                    for (storage::DownloadRecord &record : storage::DownloadsTable::loadAll(tx)) {
                        auto secret = secretDownloadKeyFor(tx, record.fileId);
                        loaded.append({std::move(record), std::move(secret)});
                    }
                    return loaded;
                },
                this,
                [this](const QList<Loaded> &records) {
                    for (const Loaded &loaded : records)
                        if (m_transfers.count(loaded.record.id) == 0) // added before the load came
                            report(adopt(loaded.record, loaded.secret));
                    finishLoading();
                });
        },
        Qt::QueuedConnection);
}

void DownloadManager::addDownload(const QString &fileId, const QString &fileName, qint64 size) {
    QMetaObject::invokeMethod(
        this, [this, fileId, fileName, size] { doAdd(fileId, fileName, size); },
        Qt::QueuedConnection);
}

void DownloadManager::pause(qint64 id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->pause();
        },
        Qt::QueuedConnection);
}

void DownloadManager::resume(qint64 id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->resume();
        },
        Qt::QueuedConnection);
}

void DownloadManager::cancel(qint64 id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->cancel();
        },
        Qt::QueuedConnection);
}

void DownloadManager::saveAs(qint64 id, const QString &targetPath) {
    QMetaObject::invokeMethod(
        this, [this, id, targetPath] { doSave(id, targetPath); }, Qt::QueuedConnection);
}

void DownloadManager::locateCached(
    const QString &fileId, QObject *receiver,
    std::function<void(QString path, QByteArray key, QString error)> done) {
    auto deliver = storage::deliverOnThreadOf(receiver, std::move(done));
    QMetaObject::invokeMethod(
        this,
        [this, fileId, deliver] {
            QString path, error;
            QByteArray key;
            const auto found =
                std::find_if(m_transfers.begin(), m_transfers.end(), [&fileId](const auto &entry) {
                    return entry.second->record().fileId == fileId;
                });
            if (found == m_transfers.end() || found->second->state() != TransferState::Done) {
                error = tr("The download is not finished.");
            } else {
                path = found->second->cachePath();
                key = found->second->record().fileKey;
            }
            deliver(path, key, error);
        },
        Qt::QueuedConnection);
}

void DownloadManager::readIntoMemory(const QString &fileId, QObject *receiver,
                                     std::function<void(QByteArray, QString)> done) {
    auto deliver = storage::deliverOnThreadOf(receiver, std::move(done));
    QMetaObject::invokeMethod(
        this,
        [this, fileId, deliver] {
            DownloadTransfer *transfer = nullptr;
            for (auto &[id, candidate] : m_transfers)
                if (candidate->record().fileId == fileId)
                    transfer = candidate;
            if (!transfer || transfer->state() != TransferState::Done)
                return deliver({}, tr("The download is not finished."));
            if (transfer->record().size > kMaxReadIntoMemoryBytes)
                return deliver({}, tr("The file is too large to show."));
            QByteArray bytes;
            bytes.reserve(transfer->record().size);
            const crypto::SecureBytes key = crypto::SecureBytes::copyOf(transfer->record().fileKey);
            const std::optional<CacheError> error =
                readCacheFile(transfer->cachePath(), key, [&bytes](QByteArrayView plain) {
                    if (bytes.size() + plain.size() > kMaxReadIntoMemoryBytes)
                        return false;
                    bytes.append(plain);
                    return true;
                });
            if (error) {
                const QString reason = cacheErrorText(*error);
                if (*error != CacheError::Io) {
                    transfer->dropCache(reason);
                    schedule();
                }
                return deliver({}, reason);
            }
            deliver(bytes, {});
        },
        Qt::QueuedConnection);
}

bool DownloadManager::isClearable(const DownloadTransfer *transfer) {
    return transfer->state() == TransferState::Done && !transfer->isSecret();
}

void DownloadManager::measure(const QString &profileDirectory, QObject *receiver,
                              std::function<void(StorageFigures)> done) {
    auto deliver = storage::deliverOnThreadOf(receiver, std::move(done));
    LoadGate::whenOpenQueued(this, &m_loaded, this, [this, profileDirectory, deliver] {
        StorageFigures figures;
        QSet<QString> named;
        for (const auto &[id, transfer] : m_transfers) {
            named.insert(transfer->record().cacheName);
            const QFileInfo file(transfer->cachePath());
            if (!file.isFile())
                continue;
            if (!isClearable(transfer)) {
                figures.otherBytes += file.size();
                continue;
            }
            ++figures.clearableFiles;
            (isPhotoName(transfer->record().fileName) ? figures.photoBytes : figures.fileBytes) +=
                file.size();
        }
        // A secret file being opened, or one left by a crash: in the folder, named by none.
        const QFileInfoList files =
            QDir(m_environment.cacheDir).entryInfoList(QDir::Files | QDir::Hidden);
        for (const QFileInfo &file : files)
            if (!named.contains(file.fileName()))
                figures.otherBytes += file.size();
        measureProfileFiles(profileDirectory, &figures);
        deliver(figures);
    });
}

void DownloadManager::clearCache(QObject *receiver, std::function<void(CacheClearing)> done) {
    auto deliver = storage::deliverOnThreadOf(receiver, std::move(done));
    LoadGate::whenOpenQueued(this, &m_loaded, this, [this, deliver] {
        CacheClearing cleared;
        cancelWhere(isClearable, [&cleared](const DownloadTransfer &transfer) {
            const QFileInfo file(transfer.cachePath());
            if (file.isFile()) {
                ++cleared.files;
                cleared.bytes += file.size();
            }
        });
        qCInfo(lcMedia) << "cache cleared:" << cleared.files << "files," << cleared.bytes
                        << "bytes";
        deliver(cleared);
    });
}

void DownloadManager::forgetFiles(const QStringList &fileIds) {
    LoadGate::whenOpenQueued(this, &m_loaded, this, [this, fileIds] {
        const qsizetype dropped = cancelWhere([&fileIds](const DownloadTransfer *transfer) {
            return !transfer->isSecret() && fileIds.contains(transfer->record().fileId);
        });
        if (dropped > 0)
            qCInfo(lcMedia) << "dropped" << dropped << "cached files of deleted messages";
    });
}

qsizetype
DownloadManager::cancelWhere(const std::function<bool(const DownloadTransfer *)> &pick,
                             const std::function<void(const DownloadTransfer &)> &beforeCancel) {
    // Picked first, cancelled after: a cancel may take the transfer out of m_transfers.
    QList<DownloadTransfer *> picked;
    for (const auto &[id, transfer] : m_transfers)
        if (pick(transfer))
            picked.append(transfer);
    for (DownloadTransfer *transfer : std::as_const(picked)) {
        if (beforeCancel)
            beforeCancel(*transfer);
        transfer->cancel(); // the file, the row, then transferRemoved: shown as not fetched
    }
    return picked.size();
}

void DownloadManager::doAdd(const QString &fileId, const QString &fileName, qint64 size) {
    // The id goes into the request's path: only what a file id can be.
    if (!tus::isFileId(fileId))
        return emit addRefused(fileId, tr("Not a file id: %1").arg(fileId));
    if (size < 0 || size > download::kMaxFileBytes)
        return emit addRefused(fileId, tr("Files are limited to 4 GiB."));
    if (!m_loaded.isOpen()) {
        // The profile may hold this file already (file ids are unique there): decided once
        // the load has told which.
        m_loaded.whenOpen(this, [this, fileId, fileName, size] { doAdd(fileId, fileName, size); });
        return;
    }
    for (auto &[id, transfer] : m_transfers) {
        if (transfer->record().fileId != fileId)
            continue;
        transfer->resume(); // a failed or paused one goes on; others are as they are
        report(transfer);
        return schedule();
    }
    storage::DownloadRecord record;
    record.fileId = fileId;
    record.fileName = fileName;
    record.size = size;
    // A random name: the cache folder's listing says nothing of the files.
    record.cacheName = QString::fromLatin1(crypto::randomBytes(16).toHex());
    record.createdMs = QDateTime::currentMSecsSinceEpoch();
    m_store->writeReturning(
        [record](storage::WriteTransaction &tx) {
            return Loaded{storage::DownloadRecord{record}, secretDownloadKeyFor(tx, record.fileId)}
                .withId(storage::DownloadsTable::insert(tx, record));
        },
        this,
        [this](const Loaded &added) {
            if (added.record.id <= 0)
                return emit addRefused(added.record.fileId,
                                       tr("The profile could not be written."));
            report(adopt(added.record, added.secret));
            schedule();
        });
}

void DownloadManager::doSave(qint64 id, const QString &targetPath) {
    const auto it = m_transfers.find(id);
    if (it == m_transfers.end())
        return emit saved(id, targetPath, tr("No such download."));
    DownloadTransfer *transfer = it->second;
    if (transfer->state() != TransferState::Done)
        return emit saved(id, targetPath, tr("The download is not finished."));
    // The one place a plaintext copy is written: where the user asked. QSaveFile: the target
    // appears whole or not at all, so a damaged cache never leaves a partial plain file.
    QSaveFile target(targetPath);
    if (!target.open(QIODevice::WriteOnly))
        return emit saved(id, targetPath, target.errorString());
    const crypto::SecureBytes key = crypto::SecureBytes::copyOf(transfer->record().fileKey);
    const std::optional<CacheError> error =
        readCacheFile(transfer->cachePath(), key, [&target](QByteArrayView plain) {
            return target.write(plain.data(), plain.size()) == plain.size();
        });
    if (error) {
        target.cancelWriting();
        const QString reason = cacheErrorText(*error);
        if (*error != CacheError::Io) {
            transfer->dropCache(reason); // fetched again, never shown damaged
            schedule();
        }
        return emit saved(id, targetPath, reason);
    }
    if (!target.commit())
        return emit saved(id, targetPath, target.errorString());
    emit saved(id, targetPath, QString());
}

DownloadTransfer *DownloadManager::adopt(const storage::DownloadRecord &record,
                                         const std::optional<SecretDownloadKey> &secret) {
    // The start-up load and an add of the same new record can both arrive (the load may read
    // the insert before the add's answer is back): one transfer a record, never two writing
    // the same cache file.
    if (const auto it = m_transfers.find(record.id); it != m_transfers.end())
        return it->second;
    auto *transfer = new DownloadTransfer(record, &m_environment, this);
    if (secret)
        transfer->setSecret(*secret);
    m_transfers.emplace(record.id, transfer);
    watch(transfer);
    return transfer;
}

void DownloadManager::schedule() {
    if (m_scheduling || !m_loaded.isOpen() || m_environment.token.isEmpty() ||
        !m_environment.server.isValid())
        return;
    m_scheduling = true;
    const auto activeCount = [this] {
        int active = 0;
        for (const auto &[id, transfer] : m_transfers)
            active += transfer->isActive() ? 1 : 0;
        return active;
    };
    for (auto it = m_transfers.begin(); it != m_transfers.end();) {
        DownloadTransfer *transfer = (it++)->second;
        if (activeCount() >= m_environment.settings.maxConcurrent)
            break;
        if (transfer->state() == TransferState::Queued)
            transfer->start();
    }
    m_scheduling = false;
}

std::optional<TransferProgress> DownloadManager::progressOf(qint64 id) const {
    if (const auto it = m_transfers.find(id); it != m_transfers.end())
        return it->second->progress();
    return std::nullopt;
}

void DownloadManager::forget(qint64 id) {
    m_transfers.erase(id);
}

} // namespace msgr::core
