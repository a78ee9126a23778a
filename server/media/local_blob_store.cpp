#include "server/media/local_blob_store.h"

#include "server/media/content_hash.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace msgr::server::media {

namespace {
constexpr mode_t kDirMode = 0700;
constexpr mode_t kFileMode = 0600;
//! Read size when hashing a finished file: large enough for sequential disk throughput.
constexpr size_t kHashReadBytes = 1024 * 1024;
//! A writer asks the kernel to start writing its bytes back every this many bytes (Linux's
//! sync_file_range, a hint that does not wait), so the fdatasync that makes them durable finds
//! little left: a concatenation's final (the whole file written at once) otherwise waited for
//! all of it at the end. The guarantee is still the fdatasync.
constexpr qint64 kPartWritebackBytes = qint64(8) << 20;

bool makeDir(const QString &path) {
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), kDirMode) == 0)
        return true;
    return errno == EEXIST;
}

//! A rename or a new entry is durable only once its directory is synced.
bool syncDir(const QString &path) {
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

class LocalPartWriter final : public PartWriter {
public:
    LocalPartWriter(int fd, qint64 start) : m_fd(fd), m_start(start), m_offset(start) {}
    ~LocalPartWriter() override { ::close(m_fd); }

    bool write(const char *data, size_t size) override {
        while (size > 0) {
            const ssize_t n = ::pwrite(m_fd, data, size, off_t(m_offset));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            data += n;
            size -= size_t(n);
            m_offset += n;
        }
        startWriteback();
        return true;
    }
    bool sync() override { return ::fdatasync(m_fd) == 0; }
    bool rollback() override {
        m_offset = m_start;
        return ::ftruncate(m_fd, off_t(m_start)) == 0;
    }
    qint64 offset() const override { return m_offset; }

private:
    void startWriteback() {
#ifdef SYNC_FILE_RANGE_WRITE
        if (m_offset - m_writtenBack < kPartWritebackBytes)
            return;
        // Only a hint: a failure here changes nothing, sync() reports what matters.
        (void)::sync_file_range(m_fd, off_t(m_writtenBack), off_t(m_offset - m_writtenBack),
                                SYNC_FILE_RANGE_WRITE);
        m_writtenBack = m_offset;
#endif
    }

    const int m_fd;
    const qint64 m_start;
    qint64 m_offset;
    qint64 m_writtenBack = m_start;
};
class LocalBlobReader final : public BlobReader {
public:
    LocalBlobReader(int fd, qint64 size) : m_fd(fd), m_size(size) {}
    ~LocalBlobReader() override { ::close(m_fd); }

    qint64 size() const override { return m_size; }
    qint64 read(qint64 offset, char *data, size_t size) override {
        while (true) {
            const ssize_t n = ::pread(m_fd, data, size, off_t(offset));
            if (n < 0 && errno == EINTR)
                continue;
            return n < 0 ? -1 : qint64(n);
        }
    }

private:
    const int m_fd;
    const qint64 m_size;
};

//! A content hash as the blob store names files: 64 lowercase hex digits, never a path.
bool isSha256Hex(const QString &text) {
    constexpr qsizetype kSha256HexChars = 64;
    if (text.size() != kSha256HexChars)
        return false;
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}
} // namespace

std::unique_ptr<LocalBlobStore> LocalBlobStore::open(const QString &root, QString *error) {
    for (const QString &dir :
         {root, root + QStringLiteral("/partial"), root + QStringLiteral("/blobs")}) {
        if (!makeDir(dir)) {
            if (error)
                *error = QStringLiteral("cannot create %1: %2")
                             .arg(dir, QString::fromLocal8Bit(strerror(errno)));
            return nullptr;
        }
    }
    return std::unique_ptr<LocalBlobStore>(new LocalBlobStore(root));
}

QString LocalBlobStore::partPath(const QString &uploadId) const {
    // Upload ids are our own hex strings (never a client's text), so they are safe names.
    return m_root + QStringLiteral("/partial/") + uploadId;
}

QString LocalBlobStore::blobPath(const QString &sha256) const {
    return m_root + QStringLiteral("/blobs/") + sha256.left(2) + u'/' + sha256;
}

std::unique_ptr<PartWriter> LocalBlobStore::openPart(const QString &uploadId, qint64 offset) {
    const int fd = ::open(QFile::encodeName(partPath(uploadId)).constData(),
                          O_WRONLY | O_CREAT | O_CLOEXEC, kFileMode);
    if (fd < 0)
        return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < offset ||
        (st.st_size > offset && ::ftruncate(fd, off_t(offset)) != 0)) {
        // Shorter than the recorded offset: the durable bytes are gone (damage); refuse.
        ::close(fd);
        return nullptr;
    }
    if (offset == 0 && st.st_size == 0 && !syncDir(m_root + QStringLiteral("/partial"))) {
        ::close(fd);
        return nullptr;
    }
    return std::make_unique<LocalPartWriter>(fd, offset);
}

std::optional<QString> LocalBlobStore::finish(const QString &uploadId, qint64 length) {
    const QString part = partPath(uploadId);
    QFile file(part);
    if (!file.open(QIODevice::ReadOnly) || file.size() != length)
        return std::nullopt;
    ContentHash hash(ContentHash::Algorithm::Sha256);
    QByteArray buffer(qsizetype(kHashReadBytes), Qt::Uninitialized);
    qint64 total = 0;
    while (true) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return std::nullopt;
        if (n == 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), n));
        total += n;
    }
    file.close();
    if (total != length)
        return std::nullopt;
    return fileUnder(uploadId, QString::fromLatin1(hash.result().toHex()));
}

std::optional<QString> LocalBlobStore::fileHashed(const QString &uploadId, qint64 length,
                                                  const QString &sha256) {
    struct stat st {};
    if (!isSha256Hex(sha256) ||
        ::stat(QFile::encodeName(partPath(uploadId)).constData(), &st) != 0 ||
        qint64(st.st_size) != length)
        return std::nullopt;
    return fileUnder(uploadId, sha256);
}

std::optional<QString> LocalBlobStore::fileUnder(const QString &uploadId, const QString &sha256) {
    const QString part = partPath(uploadId);
    const QString dir = m_root + QStringLiteral("/blobs/") + sha256.left(2);
    if (!makeDir(dir))
        return std::nullopt;
    const QString target = blobPath(sha256);
    const QByteArray targetName = QFile::encodeName(target);
    struct stat st {};
    if (::stat(targetName.constData(), &st) == 0) {
        // Same content already stored (by anyone): keep one copy. The caller answers alike
        // either way, so nobody learns whether another user has this file.
        ::unlink(QFile::encodeName(part).constData());
        return sha256;
    }
    if (::rename(QFile::encodeName(part).constData(), targetName.constData()) != 0 ||
        !syncDir(dir) || !syncDir(m_root + QStringLiteral("/partial")))
        return std::nullopt;
    return sha256;
}

std::optional<QString> LocalBlobStore::concatenate(const QString &uploadId,
                                                   const QList<Part> &parts) {
    // A new partial of our own (0600, its directory synced), written like PATCHes are.
    const std::unique_ptr<PartWriter> out = openPart(uploadId, 0);
    if (!out)
        return std::nullopt;
    ContentHash hash(ContentHash::Algorithm::Sha256);
    QByteArray buffer(qsizetype(kHashReadBytes), Qt::Uninitialized);
    const auto fail = [&]() -> std::optional<QString> {
        removePart(uploadId);
        return std::nullopt;
    };
    for (const Part &part : parts) {
        QFile in(partPath(part.uploadId));
        if (!in.open(QIODevice::ReadOnly) || in.size() != part.length)
            return fail();
        qint64 copied = 0;
        while (copied < part.length) {
            const qint64 n = in.read(buffer.data(), buffer.size());
            if (n <= 0)
                return fail(); // shorter than its record: damage
            hash.addData(QByteArrayView(buffer.constData(), n));
            if (!out->write(buffer.constData(), size_t(n)))
                return fail();
            copied += n;
        }
    }
    // Durable before it is filed: the final's record, written next, must not name lost bytes.
    if (!out->sync())
        return fail();
    const std::optional<QString> sha256 =
        fileUnder(uploadId, QString::fromLatin1(hash.result().toHex()));
    if (!sha256)
        removePart(uploadId);
    return sha256;
}

void LocalBlobStore::removePart(const QString &uploadId) {
    ::unlink(QFile::encodeName(partPath(uploadId)).constData());
}

} // namespace msgr::server::media

namespace msgr::server::media {

std::unique_ptr<BlobReader> LocalBlobStore::openBlob(const QString &sha256) {
    if (!isSha256Hex(sha256))
        return nullptr;
    const int fd = ::open(QFile::encodeName(blobPath(sha256)).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return nullptr;
    }
    return std::make_unique<LocalBlobReader>(fd, qint64(st.st_size));
}

} // namespace msgr::server::media
