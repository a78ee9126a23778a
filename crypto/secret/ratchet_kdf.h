#pragma once
//! The key derivations of the secret chats, all on BLAKE2b (libsodium's crypto_generichash and
//! crypto_kdf, which is BLAKE2b keyed by the master key with the subkey id as salt and the
//! context as personalisation). docs/protocol.md, "Secret chats: cryptography", writes each one
//! out byte by byte with test vectors. Inputs are views (of SecureBytes or ScrubbedBytes);
//! outputs are written where the caller keeps them, and may alias the inputs. Thread-safe.
#include "crypto/secure_bytes.h"

#include <QByteArrayView>

namespace msgr::crypto::secret {

inline constexpr qsizetype kChainKeyBytes = 32; // root, chain and message keys alike
inline constexpr qsizetype kAeadKeyBytes = 32;
inline constexpr qsizetype kAeadNonceBytes = 24; // XChaCha20-Poly1305 IETF

//! HKDF-style extract: BLAKE2b-256 keyed by `salt` (16..64 bytes) over `inputKeyMaterial`.
void extractKey(QByteArrayView salt, QByteArrayView inputKeyMaterial, unsigned char *prk);
//! crypto_kdf_derive_from_key(out, length, id, context, key): length 16..64, key 32 bytes.
void deriveSubkey(QByteArrayView key, quint64 id, const char (&context)[9], unsigned char *out,
                  size_t length);

//! X3DH: SK = KDF(0xFF x 32 || DH1 || DH2 || DH3 [|| DH4]).
SecureBytes x3dhSecret(QByteArrayView concatenatedAgreements);
//! KDF_RK(rk, dh): the new root key and a new chain key (32 bytes each).
void rootStep(QByteArrayView rootKey, QByteArrayView dhOutput, unsigned char *newRootKey,
              unsigned char *chainKey);
//! KDF_CK(ck): the next chain key and this message's key (32 bytes each).
void chainStep(QByteArrayView chainKey, unsigned char *nextChainKey, unsigned char *messageKey);
//! The XChaCha20-Poly1305 key (32 bytes) and nonce (24 bytes) of one message key. Each message
//! key is used once, so a nonce derived from it never repeats under its key.
void messageAeadKey(QByteArrayView messageKey, unsigned char *key, unsigned char *nonce);

} // namespace msgr::crypto::secret
