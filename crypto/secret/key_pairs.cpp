#include "crypto/secret/key_pairs.h"

#include "crypto/secret/sodium_bytes.h"
#include "crypto/sodium.h"

#include <sodium.h>

namespace msgr::crypto::secret {
X25519KeyPair X25519KeyPair::generate() {
    return fromSecret(SecureBytes::random(kX25519Bytes));
}

X25519KeyPair X25519KeyPair::fromSecret(SecureBytes secret) {
    ensureInitialized();
    if (secret.size() != kX25519Bytes)
        return {};
    QByteArray publicKey(kX25519Bytes, Qt::Uninitialized);
    crypto_scalarmult_base(reinterpret_cast<unsigned char *>(publicKey.data()),
                           bytesOf(secret.view()));
    return {std::move(secret), publicKey};
}

SigningKeyPair SigningKeyPair::generate() {
    const SecureBytes seed = SecureBytes::random(kEd25519SeedBytes);
    return fromSeed(seed.view());
}

SigningKeyPair SigningKeyPair::fromSeed(QByteArrayView seed) {
    ensureInitialized();
    if (seed.size() != kEd25519SeedBytes)
        return {};
    SecureBytes secretKey(kEd25519SecretBytes);
    QByteArray publicKey(kEd25519PublicBytes, Qt::Uninitialized);
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char *>(publicKey.data()),
                             reinterpret_cast<unsigned char *>(secretKey.data()), bytesOf(seed));
    return {std::move(secretKey), publicKey};
}

QByteArray SigningKeyPair::sign(QByteArrayView message) const {
    QByteArray signature(kSignatureBytes, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                         bytesOf(message), static_cast<unsigned long long>(message.size()),
                         bytesOf(secretKey.view()));
    return signature;
}

SecretError agreeInto(unsigned char *out, QByteArrayView ourSecret, QByteArrayView theirPublic) {
    ensureInitialized();
    if (ourSecret.size() != kX25519Bytes || theirPublic.size() != kX25519Bytes)
        return SecretError::InvalidPublicKey;
    // libsodium returns -1 when the result is all zero (a small-order public key).
    if (crypto_scalarmult(out, bytesOf(ourSecret), bytesOf(theirPublic)) != 0)
        return SecretError::InvalidPublicKey;
    return SecretError::None;
}

Result<SecureBytes> agree(const SecureBytes &ourSecret, QByteArrayView theirPublic) {
    SecureBytes shared(kX25519Bytes);
    if (const SecretError e = agreeInto(reinterpret_cast<unsigned char *>(shared.data()),
                                        ourSecret.view(), theirPublic);
        e != SecretError::None)
        return e;
    return shared;
}

bool verifySignature(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature) {
    ensureInitialized();
    if (publicKey.size() != kEd25519PublicBytes || signature.size() != kSignatureBytes)
        return false;
    return crypto_sign_verify_detached(bytesOf(signature), bytesOf(message),
                                       static_cast<unsigned long long>(message.size()),
                                       bytesOf(publicKey)) == 0;
}

} // namespace msgr::crypto::secret
