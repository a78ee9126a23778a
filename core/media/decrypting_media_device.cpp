#include "core/media/decrypting_media_device.h"

#include "core/media/cache_chunk_reader.h"

#include <QPointer>
#include <cstring>

namespace msgr::core {

DecryptingMediaDevice::DecryptingMediaDevice(QObject *parent) : QIODevice(parent) {}

DecryptingMediaDevice::~DecryptingMediaDevice() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_reader.joinable())
        m_reader.join(); // it finishes the chunk in hand (≤ 64 KiB) and stops
}

void DecryptingMediaDevice::openCacheFile(const QString &path, crypto::SecureBytes key) {
    if (m_reader.joinable())
        return;
    m_reader =
        std::thread([this, path, key = std::move(key)]() mutable { run(path, std::move(key)); });
}

void DecryptingMediaDevice::run(QString path, crypto::SecureBytes key) {
    CacheError error = CacheError::Io;
    std::optional<CacheChunkReader> reader = CacheChunkReader::open(path, key, &error);
    const QPointer<DecryptingMediaDevice> self(this);
    if (!reader) {
        QMetaObject::invokeMethod(
            this, [self, error] { emit self->failed(cacheErrorText(error)); },
            Qt::QueuedConnection);
        return;
    }
    const qint64 plainSize = reader->plainSize();
    const int chunks = reader->chunkCount();
    {
        const std::lock_guard lock(m_mutex);
        for (int i = 0; i <= kReadAheadChunks && i < chunks; ++i)
            m_wanted.insert(i);
    }
    QMetaObject::invokeMethod(
        this,
        [this, plainSize] {
            m_plainSize = plainSize;
            QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
            emit opened();
        },
        Qt::QueuedConnection);
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stopping || !m_wanted.empty(); });
        if (m_stopping)
            return;
        // The wanted chunk nearest after the one being read first, so a seek is served first.
        auto next = m_wanted.lower_bound(m_current);
        if (next == m_wanted.end())
            next = m_wanted.begin();
        const int index = *next;
        m_wanted.erase(next);
        if (index >= chunks || m_chunks.contains(index))
            continue;
        lock.unlock();
        CacheError chunkError = CacheError::Io;
        std::optional<QByteArray> plain = reader->chunk(index, &chunkError);
        lock.lock();
        if (!plain)
            m_error = chunkError;
        else
            m_chunks.emplace(index, std::move(*plain));
        // Keep the chunks nearest the one being read.
        while (int(m_chunks.size()) > kKeptChunks) {
            auto far = m_chunks.begin();
            for (auto it = m_chunks.begin(); it != m_chunks.end(); ++it)
                if (std::abs(it->first - m_current) > std::abs(far->first - m_current))
                    far = it;
            m_chunks.erase(far);
        }
        m_changed.notify_all();
    }
}

void DecryptingMediaDevice::want(int index) {
    if (index >= 0 && qint64(index) * kCacheChunkBytes < m_plainSize && !m_chunks.contains(index))
        m_wanted.insert(index);
}

bool DecryptingMediaDevice::seek(qint64 pos) {
    if (pos < 0 || pos > m_plainSize || !QIODevice::seek(pos))
        return false;
    ++m_seekCount;
    {
        const std::lock_guard lock(m_mutex);
        m_current = int(pos / kCacheChunkBytes);
        for (int i = 0; i <= kReadAheadChunks; ++i)
            want(m_current + i);
    }
    m_changed.notify_all();
    return true;
}

qint64 DecryptingMediaDevice::bytesAvailable() const {
    // Everything up to the end counts as available: read() waits for a chunk still on its way,
    // since a short read would end the stream (see the header).
    return qMax<qint64>(0, m_plainSize - pos());
}

qint64 DecryptingMediaDevice::readData(char *data, qint64 maxSize) {
    const qint64 at = pos();
    if (at >= m_plainSize)
        return 0;
    const int index = int(at / kCacheChunkBytes);
    std::unique_lock lock(m_mutex);
    m_current = index;
    for (int i = 0; i <= kReadAheadChunks; ++i)
        want(index + i);
    m_changed.notify_all();
    m_changed.wait(lock, [this, index] { return m_chunks.contains(index) || m_error; });
    const auto found = m_chunks.find(index);
    if (found == m_chunks.end()) {
        setErrorString(cacheErrorText(*m_error));
        return -1;
    }
    const qint64 within = at - qint64(index) * kCacheChunkBytes;
    const qint64 count = qMin(maxSize, qint64(found->second.size()) - within);
    if (count <= 0)
        return 0;
    std::memcpy(data, found->second.constData() + within, size_t(count));
    return count;
}

} // namespace msgr::core
