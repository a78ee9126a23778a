#include "crypto/file_stream.h"

#include "crypto/sodium.h"

#include <sodium.h>

namespace msgr::crypto {

using State = crypto_secretstream_xchacha20poly1305_state;
static_assert(kFileStreamKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);
static_assert(kFileStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kFileStreamChunkOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);

namespace {
State *stateOf(SecureBytes &bytes) {
    return reinterpret_cast<State *>(bytes.data());
}
} // namespace

SecureBytes newFileStreamKey() {
    ensureInitialized();
    SecureBytes key(kFileStreamKeyBytes);
    crypto_secretstream_xchacha20poly1305_keygen(reinterpret_cast<unsigned char *>(key.data()));
    return key;
}

std::optional<FileStreamSealer> FileStreamSealer::begin(const SecureBytes &key,
                                                        QByteArray *header) {
    ensureInitialized();
    if (key.size() != kFileStreamKeyBytes)
        return std::nullopt;
    SecureBytes state(qsizetype(sizeof(State)));
    header->resize(kFileStreamHeaderBytes);
    if (crypto_secretstream_xchacha20poly1305_init_push(
            stateOf(state), reinterpret_cast<unsigned char *>(header->data()),
            reinterpret_cast<const unsigned char *>(key.constData())) != 0)
        return std::nullopt;
    return FileStreamSealer(std::move(state));
}

std::optional<FileStreamSealer> FileStreamSealer::restore(QByteArrayView state) {
    ensureInitialized();
    if (state.size() != qsizetype(sizeof(State)))
        return std::nullopt;
    return FileStreamSealer(SecureBytes::copyOf(state));
}

QByteArray FileStreamSealer::seal(QByteArrayView plain, bool final) {
    QByteArray sealed(plain.size() + kFileStreamChunkOverhead, Qt::Uninitialized);
    sealInto(plain, final, sealed.data());
    return sealed;
}

void FileStreamSealer::sealInto(QByteArrayView plain, bool final, char *out) {
    crypto_secretstream_xchacha20poly1305_push(
        stateOf(m_state), reinterpret_cast<unsigned char *>(out), nullptr,
        reinterpret_cast<const unsigned char *>(plain.data()), size_t(plain.size()), nullptr, 0,
        final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
}

std::optional<FileStreamOpener> FileStreamOpener::begin(const SecureBytes &key,
                                                        QByteArrayView header) {
    ensureInitialized();
    if (key.size() != kFileStreamKeyBytes || header.size() != kFileStreamHeaderBytes)
        return std::nullopt;
    SecureBytes state(qsizetype(sizeof(State)));
    if (crypto_secretstream_xchacha20poly1305_init_pull(
            stateOf(state), reinterpret_cast<const unsigned char *>(header.data()),
            reinterpret_cast<const unsigned char *>(key.constData())) != 0)
        return std::nullopt;
    return FileStreamOpener(std::move(state));
}

std::optional<QByteArray> FileStreamOpener::open(QByteArrayView sealed, bool *final) {
    if (sealed.size() < kFileStreamChunkOverhead)
        return std::nullopt;
    QByteArray plain(sealed.size() - kFileStreamChunkOverhead, Qt::Uninitialized);
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            stateOf(m_state), reinterpret_cast<unsigned char *>(plain.data()), nullptr, &tag,
            reinterpret_cast<const unsigned char *>(sealed.data()), size_t(sealed.size()), nullptr,
            0) != 0)
        return std::nullopt;
    *final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return plain;
}

} // namespace msgr::crypto
