#pragma once
//! Where a profile's database key is kept by the OS (a keychain), behind one interface.
//! Thread affinity: call from a thread with an event loop (the GUI thread); callbacks run on
//! the thread of `context` (queued) and are dropped if it was destroyed.
#include "crypto/secure_bytes.h"

#include <QObject>
#include <QString>
#include <functional>

namespace msgr::platform {

enum class KeyStoreError {
    None,
    NoBackend, // no keychain service (e.g. no Secret Service on the session bus)
    NotFound,  // the keychain has no key for this profile
    Denied,    // the user or the system refused access
    Other,
};

struct KeyStoreResult {
    KeyStoreError error = KeyStoreError::None;
    crypto::SecureBytes key; // readKey only; in guarded memory, never copied
    QString message;
    bool ok() const { return error == KeyStoreError::None; }
};

class KeyStore {
public:
    using Done = std::function<void(KeyStoreResult)>;
    virtual ~KeyStore() = default;

    virtual void readKey(const QString &profileId, QObject *context, Done done) = 0;
    //! Replaces any key stored for this profile. The key is read, never copied, by this
    //! process (the keychain service keeps its own copy).
    virtual void writeKey(const QString &profileId, const crypto::SecureBytes &key,
                          QObject *context, Done done) = 0;
    virtual void deleteKey(const QString &profileId, QObject *context, Done done) = 0;
};

} // namespace msgr::platform
