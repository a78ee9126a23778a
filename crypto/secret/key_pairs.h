#pragma once
//! The two kinds of key pair of the secret chats, their secret halves in guarded memory
//! (SecureBytes): X25519 for key agreement, Ed25519 for signatures. The only place of
//! crypto/secret/ that calls libsodium's scalar multiplication and signatures. Thread-safe.
#include "crypto/secret/secret_error.h"
#include "crypto/secure_bytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace msgr::crypto::secret {

inline constexpr qsizetype kX25519Bytes = 32; // secret and public alike
inline constexpr qsizetype kEd25519PublicBytes = 32;
inline constexpr qsizetype kEd25519SeedBytes = 32;
inline constexpr qsizetype kEd25519SecretBytes = 64; // libsodium's form: seed || public key
inline constexpr qsizetype kSignatureBytes = 64;

struct X25519KeyPair {
    SecureBytes secretKey; // 32 bytes, used as is (X25519 clamps it)
    QByteArray publicKey;  // 32 bytes: X25519(secretKey, 9)

    static X25519KeyPair generate();
    //! The pair of a given secret (test vectors, a stored state); empty when not 32 bytes.
    static X25519KeyPair fromSecret(SecureBytes secret);
    bool isValid() const { return secretKey.size() == kX25519Bytes; }
};

struct SigningKeyPair {
    SecureBytes secretKey; // 64 bytes, libsodium's Ed25519 secret key (seed || public key)
    QByteArray publicKey;  // 32 bytes

    static SigningKeyPair generate();
    //! The pair of a 32-byte seed (test vectors, a stored identity); empty when not 32 bytes.
    static SigningKeyPair fromSeed(QByteArrayView seed);
    bool isValid() const { return secretKey.size() == kEd25519SecretBytes; }
    //! The detached Ed25519 signature of `message` (deterministic: RFC 8032).
    QByteArray sign(QByteArrayView message) const;
};

//! X25519(ourSecret, theirPublic) in guarded memory, or InvalidPublicKey when the peer's key
//! is not 32 bytes or is of small order (the result would be all zero: libsodium refuses it).
Result<SecureBytes> agree(const SecureBytes &ourSecret, QByteArrayView theirPublic);

//! The same into 32 bytes at `out` (a ratchet step's stack buffer): None or InvalidPublicKey.
SecretError agreeInto(unsigned char *out, QByteArrayView ourSecret, QByteArrayView theirPublic);

//! Whether `signature` is `publicKey`'s Ed25519 signature of `message`; false for wrong sizes.
bool verifySignature(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature);

} // namespace msgr::crypto::secret
