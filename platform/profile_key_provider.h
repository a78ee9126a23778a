#pragma once
//! Gets a profile's database key: from the keychain; a new random key for a new profile; or
//! "needs passphrase" when there is no keychain, so the UI can ask. Never invents a new key for
//! a database that already exists. Thread affinity: the thread it lives on (the GUI thread);
//! Argon2id runs on the global thread pool; callbacks run on `context`'s thread.
//! Keys and passphrases travel as crypto::SecureBytes: copies of a ProfileKey share one guarded
//! buffer, so handing it through queued calls leaves no stray copy of the key.
#include "crypto/key_wrap.h"
#include "crypto/secure_bytes.h"
#include "platform/key_store.h"
#include "platform/passphrase_key_file.h"

#include <QObject>
#include <functional>

namespace msgr::platform {

enum class ProfileKeyStatus {
    Ready,           // `key` opens (or will create) the database
    NeedsPassphrase, // no keychain: ask for a passphrase, then call unlockWithPassphrase
    WrongPassphrase, // unlockWithPassphrase: try again
    KeyMissing,      // the database exists but neither keychain nor key.wrapped holds its key
    Error,           // keychain denied or failed; `message` says why
};

struct ProfileKey {
    ProfileKeyStatus status = ProfileKeyStatus::Error;
    crypto::SecureBytes key;      // Ready only; 32 bytes in guarded memory
    bool passphraseIsNew = false; // NeedsPassphrase: no key.wrapped yet (ask twice to confirm)
    bool newDatabase = false;     // Ready: the key was just generated
    QString message;
};

class ProfileKeyProvider : public QObject {
    Q_OBJECT
public:
    //! `keyStore` is not owned and must outlive this object.
    explicit ProfileKeyProvider(KeyStore *keyStore, QObject *parent = nullptr);

    //! `profileDirectory` holds history.db and, without a keychain, key.wrapped.
    void obtainKey(const QString &profileId, const QString &profileDirectory, QObject *context,
                   std::function<void(ProfileKey)> done);
    //! Opens key.wrapped with `passphrase`; if the profile has neither key.wrapped nor a
    //! database, creates a random key and wraps it under `passphrase`.
    void unlockWithPassphrase(const QString &profileDirectory,
                              const crypto::SecureBytes &passphrase, QObject *context,
                              std::function<void(ProfileKey)> done,
                              crypto::KeyWrapCost cost = crypto::KeyWrapCost{});

    //! Re-wraps the profile's key under `newPassphrase` (changeWrappedKeyPassphrase) on the
    //! global thread pool; `done` runs on `context`'s thread (not at all once it is destroyed)
    //! with None, WrongPassphrase (nothing changed), NotFound (a keychain profile) or an error.
    void changePassphrase(const QString &profileDirectory, const crypto::SecureBytes &oldPassphrase,
                          const crypto::SecureBytes &newPassphrase, QObject *context,
                          std::function<void(PassphraseKeyError)> done,
                          crypto::KeyWrapCost cost = crypto::KeyWrapCost{});

    static constexpr int kKeyBytes = 32;
    static QString databasePath(const QString &profileDirectory); // <dir>/history.db

private:
    void onKeychainMissing(const QString &profileId, const QString &profileDirectory,
                           QObject *context, std::function<void(ProfileKey)> done);
    KeyStore *m_keyStore;
};

} // namespace msgr::platform
