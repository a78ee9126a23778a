#pragma once
//! Files encrypted at rest in chunks: libsodium's crypto_secretstream_xchacha20poly1305 (one key
//! per file, a 24-byte header, each chunk authenticated and ordered, the last one tagged FINAL
//! so a cut-off file is told from a whole one). The sealing side can hand out its state and be
//! restored from it, so a file written in several sittings (a download resumed after an app
//! restart) continues the same stream. Key and state live in guarded memory (SecureBytes).
//! Not thread-safe (one owner each); any thread.
#include "crypto/secure_bytes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace msgr::crypto {

inline constexpr qsizetype kFileStreamKeyBytes = 32;
inline constexpr qsizetype kFileStreamHeaderBytes = 24;
//! Added to every chunk (MAC and tag).
inline constexpr qsizetype kFileStreamChunkOverhead = 17;

//! A new random file key.
SecureBytes newFileStreamKey();

class FileStreamSealer {
public:
    //! A new stream under `key`; `header` receives the bytes that start the file. Nothing when
    //! the key has the wrong size.
    static std::optional<FileStreamSealer> begin(const SecureBytes &key, QByteArray *header);
    //! The stream as state() left it. Nothing when the state has the wrong size.
    static std::optional<FileStreamSealer> restore(QByteArrayView state);

    //! One chunk: `plain` sealed (plain.size() + kFileStreamChunkOverhead bytes).
    QByteArray seal(QByteArrayView plain, bool final);
    //! The same into `out`, which has room for plain.size() + kFileStreamChunkOverhead bytes
    //! (a caller sealing many chunks into one buffer allocates nothing per chunk).
    void sealInto(QByteArrayView plain, bool final, char *out);
    //! The stream's state after the chunks sealed so far: secret (it holds the key).
    SecureBytes state() const { return SecureBytes::copyOf(m_state.view()); }

private:
    explicit FileStreamSealer(SecureBytes state) : m_state(std::move(state)) {}
    SecureBytes m_state;
};

class FileStreamOpener {
public:
    //! Nothing when the key or the header has the wrong size.
    static std::optional<FileStreamOpener> begin(const SecureBytes &key, QByteArrayView header);
    //! One chunk's plaintext, or nothing when it is forged, damaged or out of order. `final`
    //! tells whether it was the stream's last chunk.
    std::optional<QByteArray> open(QByteArrayView sealed, bool *final);
    //! An independent opener standing where this one stands (a checkpoint to seek back to:
    //! the next chunk it opens is the one this would open next).
    FileStreamOpener copy() const { return FileStreamOpener(SecureBytes::copyOf(m_state.view())); }

private:
    explicit FileStreamOpener(SecureBytes state) : m_state(std::move(state)) {}
    SecureBytes m_state;
};

} // namespace msgr::crypto
