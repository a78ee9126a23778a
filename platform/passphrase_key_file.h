#pragma once
//! The fallback when there is no keychain: the database key wrapped under a passphrase in
//! `<profile>/key.wrapped` (crypto/key_wrap.h). Blocking (Argon2id, about a second): call it
//! off the GUI thread. Thread-safe.
#include "crypto/key_wrap.h"

#include <QByteArray>
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
    QByteArray key; // read only; wipe it after use
    bool ok() const { return error == PassphraseKeyError::None; }
};

QString wrappedKeyPath(const QString &profileDirectory);
bool hasWrappedKey(const QString &profileDirectory);
//! Wraps `key` and replaces key.wrapped atomically (QSaveFile): a crash leaves the old file.
PassphraseKeyResult writeWrappedKey(const QString &profileDirectory, const QByteArray &key,
                                    const QByteArray &passphrase,
                                    crypto::KeyWrapCost cost = crypto::KeyWrapCost{});
PassphraseKeyResult readWrappedKey(const QString &profileDirectory, const QByteArray &passphrase);

} // namespace msgr::platform
