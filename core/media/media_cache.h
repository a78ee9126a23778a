#pragma once
//! The profile's media cache, encrypted at rest (issue 8 item 5): each cached file is one
//! crypto::FileStream (secretstream) under a key of its own kept in the encrypted database,
//! written in kCacheChunkBytes plaintext chunks, files 0600 in a 0700 folder. A download
//! appends to it as bytes arrive and commits at chunk boundaries (CacheCommit, saved with the
//! download's row), so an app restart continues the same stream from the last commit. Reading
//! a cached file back decrypts and checks every chunk: a damaged or cut-off file is a typed
//! CacheError, never bytes.
//!
//! Thread affinity: none (plain objects and functions on files); the DownloadManager uses them
//! on its transfer thread, never the GUI thread.
#include "crypto/file_stream.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <functional>
#include <optional>

namespace msgr::core {

//! Plaintext bytes per sealed chunk; the memory one writer or reader holds.
inline constexpr qsizetype kCacheChunkBytes = 64 * 1024;

enum class CacheError {
    Missing,   //!< no cache file (or the folder cannot be used)
    Truncated, //!< it ends before its final chunk: cut off
    Corrupted, //!< a chunk fails its authentication, or bytes follow the final chunk
    WrongKey,  //!< the key or saved state is unusable
    Io,        //!< reading or writing failed
};
QString cacheErrorText(CacheError error);

//! Where a partly written cache file stands, kept with the download: the plaintext bytes in
//! it, its length on disk, and the stream's state after them (secret: the database only).
struct CacheCommit {
    qint64 plainBytes = 0;
    qint64 fileBytes = 0;
    QByteArray state;
};

//! Makes `dir` the cache folder (0700). False when it cannot.
bool prepareCacheDir(const QString &dir);

class CacheWriter {
public:
    //! A new cache file at `path` (replacing any), 0600, sealed under `key`.
    static std::optional<CacheWriter> create(const QString &path, const crypto::SecureBytes &key,
                                             CacheError *error);
    //! The file at `path` continued from `commit` (longer files are cut back to it).
    static std::optional<CacheWriter> resume(const QString &path, const CacheCommit &commit,
                                             CacheError *error);

    //! Plaintext appended; whole chunks are sealed and written at once, the rest waits.
    bool append(QByteArrayView plain);
    //! Where the file stands after its last whole chunk (the bytes waiting are not in it).
    CacheCommit commitPoint() const;
    //! Plaintext bytes taken so far, waiting ones included.
    qint64 plainBytes() const { return m_commit.plainBytes + m_pending.size(); }
    //! Seals what waits as the final chunk and flushes: the file is complete.
    bool finish();

private:
    CacheWriter(std::unique_ptr<QFile> file, crypto::FileStreamSealer sealer, CacheCommit commit)
        : m_file(std::move(file)), m_sealer(std::move(sealer)), m_commit(std::move(commit)) {}
    bool writeChunk(QByteArrayView plain, bool final);

    std::unique_ptr<QFile> m_file;
    crypto::FileStreamSealer m_sealer;
    CacheCommit m_commit;
    QByteArray m_pending;
};

//! Decrypts the whole cache file at `path`, handing each chunk's plaintext to `sink` in order
//! (false from `sink` stops with Io). Nothing on success; the sink may have had chunks before an
//! error, so a caller writing them somewhere discards that on error.
std::optional<CacheError> readCacheFile(const QString &path, const crypto::SecureBytes &key,
                                        const std::function<bool(QByteArrayView)> &sink);

} // namespace msgr::core
