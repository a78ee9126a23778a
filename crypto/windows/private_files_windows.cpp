// Windows: there are no POSIX mode bits. The profile lives under the user's own AppData, whose
// ACL already admits only that user (and administrators), so the folder and files are created
// and nothing is narrowed; permissionBits() has nothing to report.
#include "crypto/private_files.h"

#include <QDir>
#include <QFile>

namespace msgr::crypto {

bool ensurePrivateDirectory(const QString &path) {
    return QDir().mkpath(path);
}

bool ensurePrivateFile(const QString &path) {
    QFile file(path);
    return file.exists() || file.open(QIODevice::WriteOnly);
}

bool restrictToOwner(const QString &) {
    return true;
}

int permissionBits(const QString &) {
    return -1;
}

} // namespace msgr::crypto
