#include "core/media/storage_figures.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QMimeDatabase>

namespace msgr::core {
namespace {

qint64 fileSize(const QString &path) {
    const QFileInfo info(path);
    return info.isFile() ? info.size() : 0;
}

qint64 folderSize(const QString &path) {
    qint64 bytes = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    return bytes;
}

} // namespace

void measureProfileFiles(const QString &profileDirectory, StorageFigures *figures) {
    const QDir dir(profileDirectory);
    // SQLCipher's write-ahead log and shared memory belong to the database as much as it.
    for (const char *name :
         {"history.db", "history.db-wal", "history.db-shm", "history.db-journal", "key.wrapped"})
        figures->databaseBytes += fileSize(dir.filePath(QLatin1String(name)));
    figures->uploadBytes += folderSize(dir.filePath(QStringLiteral("secret-uploads")));
}

bool isPhotoName(const QString &fileName) {
    static const QMimeDatabase mimes; // thread-safe
    return mimes.mimeTypeForFile(fileName, QMimeDatabase::MatchExtension)
        .name()
        .startsWith(QLatin1String("image/"));
}

} // namespace msgr::core
