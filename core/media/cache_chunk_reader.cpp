#include "core/media/cache_chunk_reader.h"

namespace msgr::core {
namespace {
constexpr qint64 kSealedChunkBytes = kCacheChunkBytes + crypto::kFileStreamChunkOverhead;
} // namespace

std::optional<CacheChunkReader>
CacheChunkReader::open(const QString &path, const crypto::SecureBytes &key, CacheError *error) {
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        *error = file->exists() ? CacheError::Io : CacheError::Missing;
        return std::nullopt;
    }
    const QByteArray header = file->read(crypto::kFileStreamHeaderBytes);
    // The body is whole chunks and one final chunk of 0..kCacheChunkBytes plaintext bytes.
    const qint64 body = file->size() - crypto::kFileStreamHeaderBytes;
    if (header.size() != crypto::kFileStreamHeaderBytes ||
        body < crypto::kFileStreamChunkOverhead) {
        *error = CacheError::Truncated;
        return std::nullopt;
    }
    qint64 whole = body / kSealedChunkBytes;
    qint64 rest = body % kSealedChunkBytes;
    if (rest == 0) { // the final chunk is a whole one
        --whole;
        rest = kSealedChunkBytes;
    }
    if (rest < crypto::kFileStreamChunkOverhead || whole + 1 > std::numeric_limits<int>::max()) {
        *error = CacheError::Truncated;
        return std::nullopt;
    }
    auto opener = crypto::FileStreamOpener::begin(key, header);
    if (!opener) {
        *error = CacheError::WrongKey;
        return std::nullopt;
    }
    CacheChunkReader reader(std::move(file),
                            whole * kCacheChunkBytes + rest - crypto::kFileStreamChunkOverhead,
                            int(whole + 1));
    reader.m_checkpoints.emplace(0, opener->copy());
    reader.m_opener = std::move(opener);
    return reader;
}

std::optional<QByteArray> CacheChunkReader::chunk(int index, CacheError *error) {
    if (index < 0 || index >= m_chunkCount) {
        *error = CacheError::Io;
        return std::nullopt;
    }
    if (index < m_next || !m_opener) { // back to the nearest checkpoint at or before it
        auto it = std::prev(m_checkpoints.upper_bound(index));
        m_opener = it->second.copy();
        m_next = it->first;
    }
    while (m_next < index)
        if (!openNext(error))
            return std::nullopt;
    return openNext(error);
}

std::optional<QByteArray> CacheChunkReader::openNext(CacheError *error) {
    const bool last = m_next == m_chunkCount - 1;
    const qint64 offset = crypto::kFileStreamHeaderBytes + qint64(m_next) * kSealedChunkBytes;
    const qint64 length =
        last ? m_file->size() - offset : kSealedChunkBytes; // the final chunk may be short
    if (!m_file->seek(offset)) {
        *error = CacheError::Io;
        return std::nullopt;
    }
    const QByteArray sealed = m_file->read(length);
    if (sealed.size() != length) {
        *error = CacheError::Truncated;
        return std::nullopt;
    }
    bool final = false;
    std::optional<QByteArray> plain = m_opener->open(sealed, &final);
    if (!plain || final != last) {
        m_opener.reset(); // its state moved on or is unknown: start again from a checkpoint
        *error = CacheError::Corrupted;
        return std::nullopt;
    }
    ++m_next;
    if (m_next % kCheckpointChunks == 0 && !m_checkpoints.contains(m_next))
        m_checkpoints.emplace(m_next, m_opener->copy());
    return plain;
}

} // namespace msgr::core
