#pragma once
//! The fallback when there is no keychain: the database key wrapped under a passphrase in
//! `<profile>/key.wrapped` (crypto/key_wrap.h), mode 0600 in a 0700 profile folder. Blocking
//! (Argon2id, about a second): call it off the GUI thread. Thread-safe.
#include "crypto/key_wrap.h"
#include "crypto/secure_bytes.h"

#include <QByteArrayView>
#include <QString>

namespace msgr::platform {

enum class PassphraseKeyError {
    None,
    NotFound,        // no key.wrapped in this profile
    WrongPassphrase, // the file is there but the passphrase does not open it
    Malformed,       // the file is not a wrapped key this build understands
    Io,              // cannot read or atomically write the file
    OutOfMemory,     // Argon2id could not get its memory
};

struct PassphraseKeyResult {
    PassphraseKeyError error = PassphraseKeyError::None;
    crypto::SecureBytes key; // read only; in guarded memory
    bool ok() const { return error == PassphraseKeyError::None; }
};

QString wrappedKeyPath(const QString &profileDirectory);
bool hasWrappedKey(const QString &profileDirectory);
//! Wraps `key` and replaces key.wrapped atomically (QSaveFile): a crash leaves the old file.
//! The new file is 0600 before it gets its name; the profile folder is made 0700.
PassphraseKeyResult writeWrappedKey(const QString &profileDirectory, QByteArrayView key,
                                    QByteArrayView passphrase,
                                    crypto::KeyWrapCost cost = crypto::KeyWrapCost{});
PassphraseKeyResult readWrappedKey(const QString &profileDirectory, QByteArrayView passphrase);
//! Re-wraps the same database key under `newPassphrase`: opens key.wrapped with
//! `oldPassphrase` (WrongPassphrase, NotFound, Malformed: the file is left as it was), then
//! replaces it atomically like writeWrappedKey (Io: the old file is still there and works).
//! The key never leaves guarded memory; `key` in the result stays empty.
PassphraseKeyResult changeWrappedKeyPassphrase(const QString &profileDirectory,
                                               QByteArrayView oldPassphrase,
                                               QByteArrayView newPassphrase,
                                               crypto::KeyWrapCost cost = crypto::KeyWrapCost{});

} // namespace msgr::platform
