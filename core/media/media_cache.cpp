#include "core/media/media_cache.h"

#include "crypto/private_files.h"

#include <QCoreApplication>

namespace msgr::core {

QString cacheErrorText(CacheError error) {
    switch (error) {
    case CacheError::Missing:
        return QCoreApplication::translate("MediaCache", "The cached file is missing.");
    case CacheError::Truncated:
        return QCoreApplication::translate("MediaCache", "The cached file is cut off.");
    case CacheError::Corrupted:
        return QCoreApplication::translate("MediaCache", "The cached file is damaged.");
    case CacheError::WrongKey:
        return QCoreApplication::translate("MediaCache", "The cached file's key is unusable.");
    case CacheError::Io:
        return QCoreApplication::translate("MediaCache", "The cached file could not be used.");
    }
    return {};
}

bool prepareCacheDir(const QString &dir) {
    return crypto::ensurePrivateDirectory(dir);
}

std::optional<CacheWriter> CacheWriter::create(const QString &path, const crypto::SecureBytes &key,
                                               CacheError *error) {
    QByteArray header;
    std::optional<crypto::FileStreamSealer> sealer = crypto::FileStreamSealer::begin(key, &header);
    if (!sealer) {
        *error = CacheError::WrongKey;
        return std::nullopt;
    }
    QFile::remove(path);
    auto file = std::make_unique<QFile>(path);
    // Created 0600 before the first byte, never with the process's wider default.
    if (!crypto::ensurePrivateFile(path) || !file->open(QIODevice::WriteOnly) ||
        file->write(header) != header.size()) {
        *error = CacheError::Io;
        return std::nullopt;
    }
    CacheCommit commit;
    commit.fileBytes = header.size();
    commit.state = sealer->state().view().toByteArray();
    return CacheWriter(std::move(file), std::move(*sealer), std::move(commit));
}

std::optional<CacheWriter> CacheWriter::resume(const QString &path, const CacheCommit &commit,
                                               CacheError *error) {
    std::optional<crypto::FileStreamSealer> sealer =
        crypto::FileStreamSealer::restore(commit.state);
    if (!sealer || commit.plainBytes < 0 || commit.plainBytes % kCacheChunkBytes != 0 ||
        commit.fileBytes != crypto::kFileStreamHeaderBytes +
                                commit.plainBytes / kCacheChunkBytes *
                                    (kCacheChunkBytes + crypto::kFileStreamChunkOverhead)) {
        *error = CacheError::WrongKey;
        return std::nullopt;
    }
    auto file = std::make_unique<QFile>(path);
    if (!file->exists()) {
        *error = CacheError::Missing;
        return std::nullopt;
    }
    if (!crypto::restrictToOwner(path) ||
        !file->open(QIODevice::ReadWrite | QIODevice::ExistingOnly)) {
        *error = CacheError::Io;
        return std::nullopt;
    }
    if (file->size() < commit.fileBytes) {
        *error = CacheError::Truncated;
        return std::nullopt;
    }
    // Bytes past the commit were sealed with a state nobody kept: cut them off.
    if (!file->resize(commit.fileBytes) || !file->seek(commit.fileBytes)) {
        *error = CacheError::Io;
        return std::nullopt;
    }
    return CacheWriter(std::move(file), std::move(*sealer), commit);
}

bool CacheWriter::writeChunk(QByteArrayView plain, bool final) {
    const QByteArray sealed = m_sealer.seal(plain, final);
    if (m_file->write(sealed) != sealed.size())
        return false;
    m_commit.plainBytes += plain.size();
    m_commit.fileBytes += sealed.size();
    return true;
}

bool CacheWriter::append(QByteArrayView plain) {
    m_pending.append(plain);
    qsizetype at = 0;
    while (m_pending.size() - at >= kCacheChunkBytes) {
        if (!writeChunk(QByteArrayView(m_pending).sliced(at, kCacheChunkBytes), false))
            return false;
        at += kCacheChunkBytes;
    }
    m_pending.remove(0, at);
    if (at > 0) {
        m_commit.state = m_sealer.state().view().toByteArray();
        return m_file->flush();
    }
    return true;
}

CacheCommit CacheWriter::commitPoint() const {
    return m_commit;
}

bool CacheWriter::finish() {
    const QByteArray rest = std::exchange(m_pending, {});
    if (!writeChunk(rest, true) || !m_file->flush())
        return false;
    m_commit.state.clear(); // a finished stream is never continued
    m_file->close();
    return true;
}

std::optional<CacheError> readCacheFile(const QString &path, const crypto::SecureBytes &key,
                                        const std::function<bool(QByteArrayView)> &sink) {
    QFile file(path);
    if (!file.exists())
        return CacheError::Missing;
    if (!file.open(QIODevice::ReadOnly))
        return CacheError::Io;
    const QByteArray header = file.read(crypto::kFileStreamHeaderBytes);
    if (header.size() != crypto::kFileStreamHeaderBytes)
        return CacheError::Truncated;
    std::optional<crypto::FileStreamOpener> opener = crypto::FileStreamOpener::begin(key, header);
    if (!opener)
        return CacheError::WrongKey;
    constexpr qsizetype kSealed = kCacheChunkBytes + crypto::kFileStreamChunkOverhead;
    while (true) {
        const QByteArray sealed = file.read(kSealed);
        if (sealed.isEmpty())
            return file.error() == QFile::NoError ? CacheError::Truncated : CacheError::Io;
        bool final = false;
        const std::optional<QByteArray> plain = opener->open(sealed, &final);
        // A chunk shorter than a whole one at the end of the file is one cut off there (or a
        // damaged last chunk: the same to the caller, it is dropped either way).
        if (!plain)
            return sealed.size() < kSealed ? CacheError::Truncated : CacheError::Corrupted;
        if (!final && sealed.size() < kSealed)
            return CacheError::Truncated;
        if (!sink(*plain))
            return CacheError::Io;
        if (final)
            return file.atEnd() ? std::nullopt : std::optional(CacheError::Corrupted);
    }
}

} // namespace msgr::core
