#pragma once
//! A cached (encrypted) media file as a seekable, read-only QIODevice of its plaintext, for
//! QMediaPlayer::setSourceDevice(): nothing decrypted ever reaches the disk.
//!
//! Why reads are served from memory: Qt 6.4's GStreamer back-end (QGstAppSrc) calls read() on
//! the thread the player lives on (the GUI thread) and takes a short read of a random-access
//! device as the end of the stream, so the device cannot answer "later". A reader thread of
//! its own (CacheChunkReader) decrypts the chunk being read and the next kReadAheadChunks
//! ahead into memory; read() copies from there and waits only when that thread has not caught
//! up (after a seek: one 64 KiB chunk's read and decryption, plus at most
//! CacheChunkReader::kCheckpointChunks to re-derive the stream's state). At most
//! kKeptChunks chunks of plaintext are held.
//!
//! Thread affinity: the player's thread (GUI); openCacheFile() reads nothing there: opened() or
//! failed() follows, queued.
#include "core/media/media_cache.h"

#include <QIODevice>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace msgr::core {

class DecryptingMediaDevice : public QIODevice {
    Q_OBJECT
public:
    static constexpr int kReadAheadChunks = 2;
    static constexpr int kKeptChunks = 8;

    explicit DecryptingMediaDevice(QObject *parent = nullptr);
    ~DecryptingMediaDevice() override;

    //! Starts reading the cache file at `path` sealed under `key` on the reader thread.
    void openCacheFile(const QString &path, crypto::SecureBytes key);

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_plainSize; }
    bool seek(qint64 pos) override;
    qint64 bytesAvailable() const override;
    //! How many times the reader was moved (seek()): the back-end's seeks, seen from here.
    int seekCount() const { return m_seekCount; }

signals:
    //! The file's header and length check out: the device is open and size() is known.
    void opened();
    void failed(const QString &reason);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    void run(QString path, crypto::SecureBytes key);
    void want(int index); // under m_mutex

    qint64 m_plainSize = 0;
    std::thread m_reader;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<int, QByteArray> m_chunks; // decrypted, by index
    std::set<int> m_wanted;             // asked of the reader, not read yet
    std::optional<CacheError> m_error;
    int m_current = 0; // the chunk being read: the ones kept are near it
    int m_seekCount = 0;
    bool m_stopping = false;
};

} // namespace msgr::core
