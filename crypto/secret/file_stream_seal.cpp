#include "crypto/secret/file_stream_seal.h"

#include "crypto/secret/sodium_bytes.h"
#include "crypto/sha256_stream.h"
#include "crypto/sodium.h"

#include <sodium.h>

namespace msgr::crypto::secret {
static_assert(kSecretFileHashBytes == Sha256Stream::kDigestBytes);

//! OpenSSL's (the CPU's SHA extensions): the ciphertext is hashed whole while it is sealed.
struct SecretFileSealer::CipherHash {
    Sha256Stream sha256;
};

struct SecretFileOpener::Hash {
    crypto_generichash_state plain{};
};

qint64 sealedSizeOf(qint64 plainSize) {
    const qint64 chunks =
        plainSize == 0 ? 1 : (plainSize + kSecretFileChunkBytes - 1) / kSecretFileChunkBytes;
    return plainSize + chunks * kSecretFileChunkOverhead;
}

SecretFileSealer::SecretFileSealer()
    : m_key(newFileStreamKey()), m_cipherHash(std::make_unique<CipherHash>()) {
    m_stream = FileStreamSealer::begin(m_key, &m_header);
}

SecretFileSealer::SecretFileSealer(const SecureBytes &key, QByteArrayView header)
    : m_key(key), m_header(header.toByteArray()), m_cipherHash(std::make_unique<CipherHash>()) {
    ensureInitialized();
    using State = crypto_secretstream_xchacha20poly1305_state;
    if (key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES ||
        header.size() != crypto_secretstream_xchacha20poly1305_HEADERBYTES)
        return;
    // init_push draws the header and derives the state from it and the key; init_pull derives
    // the same state from the same two (secretstream has one state for both directions), so
    // pushing from it repeats the original stream chunk for chunk.
    SecureBytes state(qsizetype(sizeof(State)));
    if (crypto_secretstream_xchacha20poly1305_init_pull(
            reinterpret_cast<State *>(state.data()),
            reinterpret_cast<const unsigned char *>(header.data()),
            reinterpret_cast<const unsigned char *>(key.constData())) == 0)
        m_stream = FileStreamSealer::restore(state.view());
}

// The ciphertext's hash state is public (it goes to the server): nothing to wipe.
SecretFileSealer::~SecretFileSealer() = default;
SecretFileSealer::SecretFileSealer(SecretFileSealer &&) noexcept = default;
SecretFileSealer &SecretFileSealer::operator=(SecretFileSealer &&) noexcept = default;

QByteArray SecretFileSealer::seal(QByteArrayView plain, bool final) {
    QByteArray sealed(plain.size() + kSecretFileChunkOverhead, Qt::Uninitialized);
    sealInto(plain, final, sealed.data());
    return sealed;
}

qsizetype SecretFileSealer::sealInto(QByteArrayView plain, bool final, char *out) {
    Q_ASSERT(plain.size() <= kSecretFileChunkBytes);
    const qsizetype sealedSize = plain.size() + kSecretFileChunkOverhead;
    m_stream->sealInto(plain, final, out);
    m_cipherHash->sha256.addData(QByteArrayView(out, sealedSize));
    m_digest.plainSize += plain.size();
    m_digest.cipherSize += sealedSize;
    if (final)
        m_digest.cipherSha256 = m_cipherHash->sha256.result();
    return sealedSize;
}

SecretFileDigest SecretFileSealer::digest() const {
    return m_digest;
}

const char *secretFileErrorName(SecretFileError error) {
    switch (error) {
    case SecretFileError::None:
        return "None";
    case SecretFileError::BadKey:
        return "BadKey";
    case SecretFileError::Forged:
        return "Forged";
    case SecretFileError::Truncated:
        return "Truncated";
    case SecretFileError::TrailingData:
        return "TrailingData";
    case SecretFileError::SizeMismatch:
        return "SizeMismatch";
    case SecretFileError::HashMismatch:
        return "HashMismatch";
    }
    return "Unknown";
}

SecretFileOpener::SecretFileOpener(const SecureBytes &key, QByteArrayView header, qint64 plainSize,
                                   QByteArrayView plainHash)
    : m_expectedHash(plainHash.toByteArray()), m_expectedSize(plainSize) {
    m_stream = FileStreamOpener::begin(key, header);
    if (!m_stream || (!plainHash.isEmpty() && plainHash.size() != kSecretFileHashBytes) ||
        plainSize < 0 || plainSize > kMaxSecretFilePlainBytes)
        m_error = SecretFileError::BadKey;
    if (!plainHash.isEmpty()) {
        m_hash = std::make_unique<Hash>();
        crypto_generichash_init(&m_hash->plain, nullptr, 0, kSecretFileHashBytes);
    }
}

SecretFileOpener::~SecretFileOpener() {
    if (m_hash)
        sodium_memzero(m_hash.get(), sizeof(Hash));
}
SecretFileOpener::SecretFileOpener(SecretFileOpener &&) noexcept = default;
SecretFileOpener &SecretFileOpener::operator=(SecretFileOpener &&) noexcept = default;

SecretFileError SecretFileOpener::feed(QByteArrayView cipher, QByteArray *plain) {
    constexpr qsizetype kSealedChunk = kSecretFileChunkBytes + kSecretFileChunkOverhead;
    while (m_error == SecretFileError::None && !cipher.isEmpty()) {
        if (m_final) {
            m_error = SecretFileError::TrailingData;
            break;
        }
        const qsizetype take = qMin(kSealedChunk - m_pending.size(), cipher.size());
        m_pending.append(cipher.first(take));
        cipher = cipher.sliced(take);
        // A chunk is whole at kSealedChunk bytes; a shorter last one only shows at finish().
        if (m_pending.size() == kSealedChunk)
            m_error = openPending(plain);
    }
    return m_error;
}

SecretFileError SecretFileOpener::finish(QByteArray *plain) {
    if (m_error == SecretFileError::None && !m_final) {
        if (m_pending.isEmpty())
            m_error = SecretFileError::Truncated;
        else
            m_error = openPending(plain);
        if (m_error == SecretFileError::None && !m_final)
            m_error = SecretFileError::Truncated;
    }
    if (m_error != SecretFileError::None)
        return m_error;
    if (m_plainBytes != m_expectedSize)
        return m_error = SecretFileError::SizeMismatch;
    if (!m_hash) // kinds 7 and 8: the authenticated chunks and final tag are the check
        return m_error;
    QByteArray hash(kSecretFileHashBytes, Qt::Uninitialized);
    crypto_generichash_final(&m_hash->plain, reinterpret_cast<unsigned char *>(hash.data()),
                             kSecretFileHashBytes);
    if (sodium_memcmp(hash.constData(), m_expectedHash.constData(), kSecretFileHashBytes) != 0)
        return m_error = SecretFileError::HashMismatch;
    return m_error;
}

SecretFileError SecretFileOpener::openPending(QByteArray *plain) {
    bool final = false;
    std::optional<QByteArray> opened = m_stream->open(m_pending, &final);
    m_pending.clear();
    if (!opened)
        return SecretFileError::Forged;
    m_plainBytes += opened->size();
    if (m_plainBytes > m_expectedSize)
        return SecretFileError::SizeMismatch;
    if (m_hash)
        crypto_generichash_update(&m_hash->plain, bytesOf(*opened), size_t(opened->size()));
    m_final = final;
    plain->append(*opened);
    return SecretFileError::None;
}

} // namespace msgr::crypto::secret
