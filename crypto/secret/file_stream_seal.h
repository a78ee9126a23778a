#pragma once
//! A secret chat's attachment, encrypted on the device before it is uploaded (docs/protocol.md
//! §12.8): libsodium's crypto_secretstream_xchacha20poly1305 under a random key per file, in
//! kSecretFileChunkBytes plaintext chunks (each sealed chunk 17 bytes longer, the last tagged
//! FINAL, an empty file one empty FINAL chunk), so a file of any size passes through one chunk
//! of memory. The sealer also hashes the ciphertext it writes: SHA-256, the server's content
//! address, which the receiver shows the server to be allowed to download the file (§11). It
//! does not hash the plaintext: secretstream authenticates every chunk and the final tag under a
//! key only the two ends hold, so payload kinds 7 and 8 carry no plaintext hash. The opener still
//! checks the BLAKE2b-256 that kinds 5 and 6 (older senders, stored history) announce.
//! Pure (no files, no network): core/secret/secret_attachment_file.* runs it over files.
//! Not thread-safe (one owner); any thread.
#include "crypto/file_stream.h"
#include "crypto/secure_bytes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>
#include <optional>

namespace msgr::crypto::secret {

//! Plaintext bytes per sealed chunk (the last one may be shorter).
inline constexpr qsizetype kSecretFileChunkBytes = 64 * 1024;
//! A sealed chunk is this much longer than its plaintext (MAC and tag).
inline constexpr qsizetype kSecretFileChunkOverhead = kFileStreamChunkOverhead;
inline constexpr qsizetype kSecretFileHashBytes = 32;
//! The largest plaintext: its ciphertext still fits the server's 4 GiB file limit.
inline constexpr qint64 kMaxSecretFilePlainBytes = 4'227'858'432; // 4 GiB - 64 MiB

//! The ciphertext's length for a plaintext of `plainSize` bytes.
qint64 sealedSizeOf(qint64 plainSize);

//! What the receiver needs besides the key and header: checked after the last chunk.
struct SecretFileDigest {
    qint64 plainSize = 0;
    qint64 cipherSize = 0;
    QByteArray cipherSha256; //!< SHA-256 of the ciphertext (32 bytes)
};

class SecretFileSealer {
public:
    //! A new stream under a new random key.
    SecretFileSealer();
    //! The stream of `key` and `header` (a sealer's key() and header()) from its first chunk
    //! again: the same plaintext seals into the same ciphertext (the push state follows from the
    //! key and header alone: libsodium's init_pull builds it). A
    //! wrong-sized key or header gives a sealer that is not valid().
    SecretFileSealer(const SecureBytes &key, QByteArrayView header);
    ~SecretFileSealer();
    SecretFileSealer(SecretFileSealer &&) noexcept;
    SecretFileSealer &operator=(SecretFileSealer &&) noexcept;

    bool valid() const { return m_stream.has_value(); }
    const SecureBytes &key() const { return m_key; }
    //! The stream's 24-byte header (travels with the key, not in the file).
    const QByteArray &header() const { return m_header; }
    //! One chunk of at most kSecretFileChunkBytes; `final` for the last (every file has one).
    QByteArray seal(QByteArrayView plain, bool final);
    //! The same into `out` (room for plain.size() + kSecretFileChunkOverhead bytes); returns the
    //! sealed chunk's length. Nothing is allocated per chunk.
    qsizetype sealInto(QByteArrayView plain, bool final, char *out);
    //! The sizes and the ciphertext's hash once the final chunk was sealed.
    SecretFileDigest digest() const;

private:
    struct CipherHash;
    SecureBytes m_key;
    QByteArray m_header;
    std::optional<FileStreamSealer> m_stream;
    std::unique_ptr<CipherHash> m_cipherHash;
    SecretFileDigest m_digest;
};

enum class SecretFileError {
    None,
    BadKey,       //!< the key or header has the wrong size
    Forged,       //!< a chunk does not authenticate (tampered, wrong key, reordered)
    Truncated,    //!< the bytes end before the final chunk
    TrailingData, //!< bytes after the final chunk
    SizeMismatch, //!< more or fewer plaintext bytes than announced
    HashMismatch, //!< the plaintext's BLAKE2b-256 is not the announced one (kinds 5 and 6)
};
const char *secretFileErrorName(SecretFileError error);

class SecretFileOpener {
public:
    //! Checks the sizes; BadKey when the key or header cannot be used. `plainHash` is the
    //! BLAKE2b-256 a payload of kind 5 or 6 announced (32 bytes: finish() compares it), or empty
    //! for kinds 7 and 8, which announce none (every chunk and the final tag are authenticated
    //! all the same); any other length is BadKey.
    SecretFileOpener(const SecureBytes &key, QByteArrayView header, qint64 plainSize,
                     QByteArrayView plainHash);
    ~SecretFileOpener();
    SecretFileOpener(SecretFileOpener &&) noexcept;
    SecretFileOpener &operator=(SecretFileOpener &&) noexcept;

    //! Ciphertext as it arrives (split anywhere); each whole chunk's plaintext is appended to
    //! `plain`. After an error every call answers it again: discard what was written.
    SecretFileError feed(QByteArrayView cipher, QByteArray *plain);
    //! All ciphertext was fed: a last short chunk's plaintext is appended to `plain`; None when
    //! the final chunk came and size and hash match.
    SecretFileError finish(QByteArray *plain);
    SecretFileError error() const { return m_error; }

private:
    struct Hash;
    SecretFileError openPending(QByteArray *plain);
    std::optional<FileStreamOpener> m_stream;
    std::unique_ptr<Hash> m_hash; //!< null when no plaintext hash was announced
    QByteArray m_pending;         // a chunk not complete yet
    QByteArray m_expectedHash;
    qint64 m_expectedSize = 0;
    qint64 m_plainBytes = 0;
    bool m_final = false;
    SecretFileError m_error = SecretFileError::None;
};

} // namespace msgr::crypto::secret
