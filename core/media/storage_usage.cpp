#include "core/media/storage_usage.h"

#include "core/media/download_manager.h"
#include "core/media/media_service.h"

#include <QDir>
#include <QLocale>

namespace msgr::core {

StorageUsage::StorageUsage(MediaService *media) : QObject(media), m_media(media) {}

void StorageUsage::begin() {
    if (m_pending++ == 0)
        emit busyChanged();
}

void StorageUsage::end() {
    if (--m_pending == 0)
        emit busyChanged();
}

void StorageUsage::refresh() {
    begin();
    const QString profileDir = QDir::cleanPath(m_media->cacheDir() + QStringLiteral("/.."));
    m_media->downloads()->measure(profileDir, this, [this](const StorageFigures &figures) {
        m_figures = figures;
        m_measured = true;
        emit figuresChanged();
        end();
    });
}

void StorageUsage::clearCache() {
    begin();
    m_media->downloads()->clearCache(this, [this](const CacheClearing &done) {
        emit cleared(done.files, double(done.bytes));
        refresh();
        end();
    });
}

QString StorageUsage::formatBytes(double bytes) const {
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace msgr::core
