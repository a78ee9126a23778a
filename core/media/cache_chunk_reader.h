#pragma once
//! Random access to one encrypted cache file (media_cache.h) by plaintext chunk index, so a
//! player can seek without a plaintext copy anywhere: chunk i is at a fixed offset (header,
//! then i × (kCacheChunkBytes + overhead)), but secretstream's state for chunk i follows from
//! opening chunks 0..i-1 in order. The reader keeps the opener's state every
//! kCheckpointChunks chunks it has opened, so a seek back costs at most that many chunk
//! decryptions (≈1 MiB) and a seek forward opens the chunks in between once.
//!
//! Thread affinity: none; one owner. Reads the disk: never on the GUI thread.
#include "core/media/media_cache.h"
#include "crypto/file_stream.h"

#include <QFile>
#include <map>
#include <optional>

namespace msgr::core {

class CacheChunkReader {
public:
    //! Chunks between two kept stream states.
    static constexpr int kCheckpointChunks = 16;

    //! The complete cache file at `path` sealed under `key`; nothing, with `error`, when it is
    //! missing, shorter than a header and a final chunk, or the key is unusable.
    static std::optional<CacheChunkReader> open(const QString &path, const crypto::SecureBytes &key,
                                                CacheError *error);

    //! The plaintext's length, from the file's length (every chunk but the last is whole).
    qint64 plainSize() const { return m_plainSize; }
    int chunkCount() const { return m_chunkCount; }
    //! Chunk `index`'s plaintext, authenticated; nothing with `error` when it cannot be read,
    //! fails authentication, or the last chunk is not tagged final.
    std::optional<QByteArray> chunk(int index, CacheError *error);

private:
    CacheChunkReader(std::unique_ptr<QFile> file, qint64 plainSize, int chunkCount)
        : m_file(std::move(file)), m_plainSize(plainSize), m_chunkCount(chunkCount) {}
    std::optional<QByteArray> openNext(CacheError *error);

    std::unique_ptr<QFile> m_file;
    qint64 m_plainSize = 0;
    int m_chunkCount = 0;
    std::map<int, crypto::FileStreamOpener> m_checkpoints; // chunk index -> state before it
    std::optional<crypto::FileStreamOpener> m_opener;      // stands before chunk m_next
    int m_next = 0;
};

} // namespace msgr::core
