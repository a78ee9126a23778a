#pragma once
//! libsodium wrappers: the only place that calls libsodium directly. Thread-safe.
#include <QByteArray>
#include <QString>

namespace msgr::crypto {

//! Initialises libsodium once; every function below calls it. Aborts if libsodium cannot start,
//! because running without a working CSPRNG would be worse than not running.
void ensureInitialized();

QByteArray randomBytes(qsizetype count);
//! A uniformly random integer in 1..2^63-1 (the protocol's randomId).
qint64 randomNonZeroInt63();

//! Overwrites the bytes of a secret IN PLACE, then clears `secret`. The buffer is shared with
//! every implicitly shared copy of `secret`, so they all see zeros afterwards: wipe only once
//! nobody needs the bytes. For key material prefer SecureBytes (crypto/secure_bytes.h).
void wipe(QByteArray &secret);

//! BLAKE2b (crypto_generichash) with a 32-byte output.
QByteArray genericHash(const QByteArray &data);

//! SHA-256 (FIPS 180-4), 32 bytes: what the tus checksum of an upload part names. Through
//! OpenSSL (crypto/sha256_stream.h: the CPU's SHA extensions), not libsodium's portable code:
//! an upload hashes every byte it sends.
QByteArray sha256(const QByteArray &data);

} // namespace msgr::crypto
