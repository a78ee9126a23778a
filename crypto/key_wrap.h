#pragma once
//! Passphrase protection of a random database key: Argon2id (crypto_pwhash) derives a
//! key-encryption key from the passphrase and a random salt; XChaCha20-Poly1305 wraps the key.
//! Thread-safe; slow on purpose (about a second at the default cost): never call it on a GUI
//! thread.
#include "crypto/secure_bytes.h"

#include <QByteArray>
#include <QByteArrayView>

namespace msgr::crypto {

//! Argon2id cost. The default is libsodium's MODERATE level (256 MiB, 3 passes).
struct KeyWrapCost {
    unsigned long long opsLimit = 3;
    size_t memLimitBytes = 256u * 1024u * 1024u;
    //! libsodium's INTERACTIVE level (64 MiB, 2 passes): the lowest this code accepts.
    static KeyWrapCost interactive() { return {2, 64u * 1024u * 1024u}; }
};

enum class KeyWrapError {
    None,
    WrongPassphrase, // the passphrase does not open this blob (or the blob was altered)
    Malformed,       // not a wrapped key of a known version, or its cost is outside the limits
    OutOfMemory,     // Argon2id could not get its memory
    InvalidInput,    // an empty key or passphrase
};

struct KeyWrapResult {
    KeyWrapError error = KeyWrapError::None;
    QByteArray data; // wrap: the blob to store (no secret in it)
    SecureBytes key; // unwrap: the key, decrypted straight into guarded memory
    bool ok() const { return error == KeyWrapError::None; }
};

//! Wraps `key` under `passphrase` into a self-describing blob (CBOR: version, Argon2id salt and
//! cost, nonce, ciphertext). The blob holds no key bytes in the clear. Both inputs are only
//! read; the key-encryption key lives in guarded memory (SecureBytes).
KeyWrapResult wrapKey(QByteArrayView key, QByteArrayView passphrase, KeyWrapCost cost = {});
//! The key wrapped in `blob` (in `key`), or a typed error: a wrong passphrase never yields a key.
KeyWrapResult unwrapKey(const QByteArray &blob, QByteArrayView passphrase);

} // namespace msgr::crypto
