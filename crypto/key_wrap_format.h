#pragma once
//! The stored form of a passphrase-wrapped key (`key.wrapped`, crypto/key_wrap.h): one CBOR map
//! {v, alg, salt, ops, mem, nonce, ct}. Parsing checks everything that can be checked without
//! the passphrase, and derives nothing, so it is cheap: the file reader's fuzz target
//! (tests/fuzz/fuzz_key_file.cpp) runs it on arbitrary bytes. Pure, thread-safe.
#include <QByteArray>
#include <optional>

namespace msgr::crypto {

struct WrappedKeyBlob {
    qint64 version = 0;
    QByteArray salt;                 // crypto_pwhash_SALTBYTES
    unsigned long long opsLimit = 0; // Argon2id passes, within the accepted cost
    size_t memLimitBytes = 0;        // Argon2id memory, within the accepted cost
    QByteArray nonce;                // XChaCha20-Poly1305 nonce
    QByteArray ciphertext;           // the key and its tag; holds 1..kMaxWrappedKeyBytes of key
    friend bool operator==(const WrappedKeyBlob &, const WrappedKeyBlob &) = default;
};

inline constexpr qint64 kWrappedKeyFormatVersion = 1;
//! Longest key this format wraps; a blob claiming more is malformed.
inline constexpr qsizetype kMaxWrappedKeyBytes = 1024;
//! Longest blob worth parsing: a 1 KiB key wraps into well under 2 KiB.
inline constexpr qsizetype kMaxWrappedBlobBytes = 4096;

//! Limits on a stored Argon2id cost, so a crafted file can neither weaken the derivation (below
//! libsodium's INTERACTIVE level) nor make it allocate or run without bound.
bool wrapCostAcceptable(unsigned long long opsLimit, size_t memLimitBytes);

//! The blob's fields, or nullopt when it is not exactly one well-formed CBOR map of a known
//! version with every field present, typed and sized, and a cost within the limits (invalid
//! CBOR, trailing bytes, a missing or mistyped field: all malformed).
std::optional<WrappedKeyBlob> parseWrappedKey(const QByteArray &blob);
//! The CBOR form parseWrappedKey() reads back.
QByteArray serializeWrappedKey(const WrappedKeyBlob &blob);

} // namespace msgr::crypto
