#include "core/media/upload_manager.h"

#include "core/media/media_logging.h"
#include "storage/profile_store.h"
#include "storage/tables/upload_parts_table.h"
#include "storage/tables/uploads_table.h"

#include <QDateTime>
#include <QFileInfo>
#include <QMimeDatabase>
#include <tuple>

namespace msgr::core {
namespace {

//! tus's limit on this server (docs/protocol.md §9): a larger file is refused before creation.
constexpr qint64 kMaxFileSize = qint64(4) << 30;

} // namespace

UploadManager::UploadManager(storage::ProfileStore *store, UploadSettings settings, QObject *parent)
    : TransferManagerBase(m_environment, settings.progressIntervalMs, "uploads", parent),
      m_store(store) {
    m_environment.store = store;
    m_environment.settings = settings;
}

UploadManager::~UploadManager() {
    // The transfers abandon their requests before the network manager goes.
    for (auto &[id, transfer] : m_transfers)
        delete transfer;
}

void UploadManager::start() {
    QMetaObject::invokeMethod(
        this,
        [this] {
            connectNetwork();
            using Loaded =
                std::tuple<QList<storage::UploadRecord>,
                           QHash<qint64, QList<storage::UploadPartRecord>>, QSet<qint64>>;
            m_store->read(
                [](storage::ReadTransaction &tx) {
                    return Loaded(storage::UploadsTable::loadAll(tx),
                                  storage::UploadPartsTable::loadAll(tx),
                                  storage::UploadsTable::growingIds(tx));
                },
                this,
                [this](const Loaded &stored) {
                    const auto &[records, parts, growing] = stored;
                    for (const storage::UploadRecord &record : records)
                        if (m_transfers.count(record.id) == 0) // addStored() may have been first
                            report(
                                adopt(record, parts.value(record.id), growing.contains(record.id)));
                    finishLoading();
                });
        },
        Qt::QueuedConnection);
}

void UploadManager::addUpload(const QString &localPath, const QString &mimeType) {
    QMetaObject::invokeMethod(
        this, [this, localPath, mimeType] { doAdd(localPath, mimeType); }, Qt::QueuedConnection);
}

void UploadManager::pause(qint64 id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->pause();
        },
        Qt::QueuedConnection);
}

void UploadManager::resume(qint64 id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->resume();
        },
        Qt::QueuedConnection);
}

void UploadManager::cancel(qint64 id) {
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->cancel();
        },
        Qt::QueuedConnection);
}

void UploadManager::grow(qint64 id, qint64 bytes, std::optional<qint64> completeMtimeMs) {
    QMetaObject::invokeMethod(
        this,
        [this, id, bytes, completeMtimeMs] {
            if (auto it = m_transfers.find(id); it != m_transfers.end())
                it->second->grow(bytes, completeMtimeMs);
        },
        Qt::QueuedConnection);
}

std::optional<storage::UploadRecord>
UploadManager::recordFor(const QString &localPath, const QString &mimeType, QString *error) {
    const QFileInfo info(localPath);
    if (!info.isFile() || !info.isReadable()) {
        *error = tr("Not a readable file: %1").arg(localPath);
        return std::nullopt;
    }
    if (info.size() > kMaxFileSize) {
        *error = tr("Files are limited to 4 GiB: %1").arg(localPath);
        return std::nullopt;
    }
    storage::UploadRecord record;
    record.localPath = info.absoluteFilePath();
    record.size = info.size();
    record.mtimeMs = info.lastModified().toMSecsSinceEpoch();
    record.fileName = info.fileName();
    record.mimeType = mimeType.isEmpty() ? QMimeDatabase().mimeTypeForFile(info).name() : mimeType;
    record.createdMs = QDateTime::currentMSecsSinceEpoch();
    return record;
}

void UploadManager::addStored(const storage::UploadRecord &record, bool growing) {
    QMetaObject::invokeMethod(
        this,
        [this, record, growing] {
            if (m_transfers.count(record.id) != 0)
                return; // loaded at start already
            report(adopt(record, {}, growing));
            schedule();
        },
        Qt::QueuedConnection);
}

void UploadManager::doAdd(const QString &localPath, const QString &mimeType) {
    QString error;
    const std::optional<storage::UploadRecord> made = recordFor(localPath, mimeType, &error);
    if (!made)
        return emit addRefused(localPath, error);
    storage::UploadRecord record = *made;
    m_store->writeReturning(
        [record](storage::WriteTransaction &tx) {
            return storage::UploadsTable::insert(tx, record);
        },
        this,
        [this, record](qint64 id) mutable {
            if (id <= 0)
                return emit addRefused(record.localPath, tr("The profile could not be written."));
            record.id = id;
            report(adopt(record, {}, false));
            schedule();
        });
}

UploadTransfer *UploadManager::adopt(const storage::UploadRecord &record,
                                     const QList<storage::UploadPartRecord> &parts, bool growing) {
    auto *transfer = new UploadTransfer(record, parts, growing, &m_environment, this);
    m_transfers.emplace(record.id, transfer);
    watch(transfer);
    return transfer;
}

void UploadManager::schedule() {
    // A transfer's start() reports a state change, which calls here again: that inner call
    // returns, and this loop counts the slots afresh before each start.
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
    // Unfinished uploads held on the server by the other transfers (partial ones included):
    // the server refuses a 17th (§9), so a new file gets what is left.
    const auto freeServerUploads = [this](const UploadTransfer *starting) {
        int held = 0;
        for (const auto &[id, transfer] : m_transfers)
            held += transfer == starting ? 0 : transfer->serverUploadsHeld();
        return m_environment.settings.serverUnfinishedCap - held;
    };
    for (auto it = m_transfers.begin(); it != m_transfers.end();) {
        UploadTransfer *transfer = (it++)->second; // moved on before start() changes anything
        if (activeCount() >= m_environment.settings.maxConcurrent)
            break;
        if (transfer->state() != TransferState::Queued)
            continue;
        const int free = freeServerUploads(transfer);
        if (free < 1 && transfer->serverUploadsHeld() == 0)
            continue; // waits until another finishes (its state change schedules again)
        transfer->start(free);
    }
    m_scheduling = false;
}

std::optional<TransferProgress> UploadManager::progressOf(qint64 id) const {
    if (const auto it = m_transfers.find(id); it != m_transfers.end())
        return it->second->progress();
    return std::nullopt;
}

void UploadManager::forget(qint64 id) {
    m_transfers.erase(id);
}

} // namespace msgr::core
