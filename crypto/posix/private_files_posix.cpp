// POSIX (Linux, Android, macOS, iOS): the owner-only modes are real permission bits.
#include "crypto/private_files.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace msgr::crypto {
namespace {

bool changeMode(const QString &path, unsigned mode) {
    const QByteArray native = QFile::encodeName(path);
    struct stat info {};
    if (::stat(native.constData(), &info) != 0)
        return false;
    if ((info.st_mode & 07777) == mode)
        return true;
    return ::chmod(native.constData(), static_cast<mode_t>(mode)) == 0;
}

} // namespace

bool ensurePrivateDirectory(const QString &path) {
    if (!QDir().mkpath(path))
        return false;
    return changeMode(path, kPrivateDirectoryMode);
}

bool ensurePrivateFile(const QString &path) {
    const QByteArray native = QFile::encodeName(path);
    // O_EXCL: created here with 0600 from the start, never briefly wider (the umask can only
    // narrow it further). O_NOFOLLOW: a planted symlink is not followed.
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                          static_cast<mode_t>(kPrivateFileMode));
    if (fd >= 0) {
        ::close(fd);
        return true;
    }
    if (errno != EEXIST)
        return false;
    return changeMode(path, kPrivateFileMode);
}

bool restrictToOwner(const QString &path) {
    if (!QFile::exists(path))
        return true;
    return changeMode(path, kPrivateFileMode);
}

int permissionBits(const QString &path) {
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

} // namespace msgr::crypto
