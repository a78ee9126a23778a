#include "crypto/key_wrap.h"

#include "crypto/key_wrap_format.h"
#include "crypto/sodium.h"

#include <sodium.h>

namespace msgr::crypto {
namespace {

constexpr qint64 kFormatVersion = kWrappedKeyFormatVersion;
constexpr size_t kKekBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr qsizetype kMaxKeyBytes = kMaxWrappedKeyBytes;
// Bound to the ciphertext, so the header (version, salt, cost) cannot be swapped unnoticed.
QByteArray associatedData(qint64 version, const QByteArray &salt, unsigned long long ops,
                          size_t mem) {
    return "msgr.keywrap:" + QByteArray::number(version) + ':' + salt.toHex() + ':' +
           QByteArray::number(ops) + ':' + QByteArray::number(static_cast<qulonglong>(mem));
}

//! The key-encryption key, derived straight into guarded memory.
bool deriveKek(SecureBytes &kek, QByteArrayView passphrase, const QByteArray &salt,
               unsigned long long ops, size_t mem) {
    kek = SecureBytes(static_cast<qsizetype>(kKekBytes));
    return crypto_pwhash(reinterpret_cast<unsigned char *>(kek.data()), kKekBytes,
                         passphrase.constData(), static_cast<unsigned long long>(passphrase.size()),
                         reinterpret_cast<const unsigned char *>(salt.constData()), ops, mem,
                         crypto_pwhash_ALG_ARGON2ID13) == 0;
}

} // namespace

KeyWrapResult wrapKey(QByteArrayView key, QByteArrayView passphrase, KeyWrapCost cost) {
    ensureInitialized();
    if (key.isEmpty() || key.size() > kMaxKeyBytes || passphrase.isEmpty())
        return {KeyWrapError::InvalidInput, {}, {}};
    if (!wrapCostAcceptable(cost.opsLimit, cost.memLimitBytes))
        return {KeyWrapError::InvalidInput, {}, {}};
    const QByteArray salt = randomBytes(crypto_pwhash_SALTBYTES);
    SecureBytes kek;
    if (!deriveKek(kek, passphrase, salt, cost.opsLimit, cost.memLimitBytes))
        return {KeyWrapError::OutOfMemory, {}, {}};
    const QByteArray nonce = randomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const QByteArray ad = associatedData(kFormatVersion, salt, cost.opsLimit, cost.memLimitBytes);
    QByteArray ciphertext(key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char *>(ciphertext.data()), &written,
        reinterpret_cast<const unsigned char *>(key.data()),
        static_cast<unsigned long long>(key.size()),
        reinterpret_cast<const unsigned char *>(ad.constData()),
        static_cast<unsigned long long>(ad.size()), nullptr,
        reinterpret_cast<const unsigned char *>(nonce.constData()),
        reinterpret_cast<const unsigned char *>(kek.constData()));
    kek.reset(); // sodium_free wipes it
    ciphertext.resize(static_cast<qsizetype>(written));

    const WrappedKeyBlob blob{kFormatVersion,     salt,  cost.opsLimit,
                              cost.memLimitBytes, nonce, ciphertext};
    return {KeyWrapError::None, serializeWrappedKey(blob), {}};
}

KeyWrapResult unwrapKey(const QByteArray &blob, QByteArrayView passphrase) {
    ensureInitialized();
    if (passphrase.isEmpty())
        return {KeyWrapError::InvalidInput, {}, {}};
    // Every field is checked (CBOR errors included) before anything is derived or decrypted.
    const std::optional<WrappedKeyBlob> parsed = parseWrappedKey(blob);
    if (!parsed)
        return {KeyWrapError::Malformed, {}, {}};
    const qint64 version = parsed->version;
    const QByteArray &salt = parsed->salt;
    const unsigned long long ops = parsed->opsLimit;
    const size_t mem = parsed->memLimitBytes;
    const QByteArray &nonce = parsed->nonce;
    const QByteArray &ciphertext = parsed->ciphertext;

    SecureBytes kek;
    if (!deriveKek(kek, passphrase, salt, ops, mem))
        return {KeyWrapError::OutOfMemory, {}, {}};
    const QByteArray ad = associatedData(version, salt, ops, mem);
    // Decrypted straight into guarded memory: the key never passes through an ordinary buffer.
    SecureBytes key(ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long keyLength = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char *>(key.data()), &keyLength, nullptr,
        reinterpret_cast<const unsigned char *>(ciphertext.constData()),
        static_cast<unsigned long long>(ciphertext.size()),
        reinterpret_cast<const unsigned char *>(ad.constData()),
        static_cast<unsigned long long>(ad.size()),
        reinterpret_cast<const unsigned char *>(nonce.constData()),
        reinterpret_cast<const unsigned char *>(kek.constData()));
    if (rc != 0)
        return {KeyWrapError::WrongPassphrase, {}, {}};
    return {KeyWrapError::None, {}, key};
}

} // namespace msgr::crypto
