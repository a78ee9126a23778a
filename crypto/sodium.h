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

//! Overwrites the bytes of a secret before its memory is released.
void wipe(QByteArray &secret);

//! BLAKE2b (crypto_generichash) with a 32-byte output.
QByteArray genericHash(const QByteArray &data);

} // namespace msgr::crypto
