#include "crypto/secret/ratchet_kdf.h"

#include "crypto/secret/scrubbed_bytes.h"
#include "crypto/secret/sodium_bytes.h"
#include "crypto/sodium.h"

#include <sodium.h>

#include <cstring>

namespace msgr::crypto::secret {
namespace {

constexpr char kX3dhContext[] = "msgrX3DH";
constexpr char kRootContext[] = "msgrRoot";
constexpr char kChainContext[] = "msgrChan";
constexpr char kMessageContext[] = "msgrMsgK";

} // namespace

void extractKey(QByteArrayView salt, QByteArrayView inputKeyMaterial, unsigned char *prk) {
    ensureInitialized();
    crypto_generichash(prk, crypto_generichash_BYTES, bytesOf(inputKeyMaterial),
                       static_cast<unsigned long long>(inputKeyMaterial.size()), bytesOf(salt),
                       static_cast<size_t>(salt.size()));
}

void deriveSubkey(QByteArrayView key, quint64 id, const char (&context)[9], unsigned char *out,
                  size_t length) {
    ensureInitialized();
    static_assert(crypto_kdf_CONTEXTBYTES == 8 && crypto_kdf_KEYBYTES == 32);
    crypto_kdf_derive_from_key(out, length, id, context, bytesOf(key));
}

SecureBytes x3dhSecret(QByteArrayView concatenatedAgreements) {
    // HKDF's "salt absent" is HashLen zero bytes; the 32 0xFF bytes in front of the input are
    // X3DH's F (domain separation from any other use of the same keys).
    const ScrubbedBytes<32> zeroSalt;
    SecureBytes input(32 + concatenatedAgreements.size());
    memset(input.data(), 0xff, 32);
    memcpy(input.data() + 32, concatenatedAgreements.data(),
           static_cast<size_t>(concatenatedAgreements.size()));
    ScrubbedBytes<32> prk;
    extractKey(zeroSalt.view(), input.view(), prk.data());
    SecureBytes secret(kChainKeyBytes);
    deriveSubkey(prk.view(), 1, kX3dhContext, reinterpret_cast<unsigned char *>(secret.data()),
                 kChainKeyBytes);
    return secret;
}

void rootStep(QByteArrayView rootKey, QByteArrayView dhOutput, unsigned char *newRootKey,
              unsigned char *chainKey) {
    ScrubbedBytes<32> prk;
    extractKey(rootKey, dhOutput, prk.data());
    deriveSubkey(prk.view(), 1, kRootContext, newRootKey, kChainKeyBytes);
    deriveSubkey(prk.view(), 2, kRootContext, chainKey, kChainKeyBytes);
}

void chainStep(QByteArrayView chainKey, unsigned char *nextChainKey, unsigned char *messageKey) {
    ScrubbedBytes<32> next;
    deriveSubkey(chainKey, 1, kChainContext, messageKey, kChainKeyBytes);
    deriveSubkey(chainKey, 2, kChainContext, next.data(), kChainKeyBytes);
    memcpy(nextChainKey, next.data(), next.size());
}

void messageAeadKey(QByteArrayView messageKey, unsigned char *key, unsigned char *nonce) {
    deriveSubkey(messageKey, 1, kMessageContext, key, kAeadKeyBytes);
    deriveSubkey(messageKey, 2, kMessageContext, nonce, kAeadNonceBytes);
}

} // namespace msgr::crypto::secret
