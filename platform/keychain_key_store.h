#pragma once
//! KeyStore over QtKeychain on every OS (Secret Service, Windows Credential Manager, macOS and
//! iOS Keychain, Android Keystore; see platform/<os>/keychain_probe_<os>.cpp):
//! binary keys under the service "org.msgr.messenger", one entry per profile id.
//! Thread affinity: the thread it was created on (needs an event loop).
#include "platform/key_store.h"

namespace msgr::platform {

class KeychainKeyStore : public KeyStore {
public:
    explicit KeychainKeyStore(QString service = QStringLiteral("org.msgr.messenger"));

    void readKey(const QString &profileId, QObject *context, Done done) override;
    void writeKey(const QString &profileId, const crypto::SecureBytes &key, QObject *context,
                  Done done) override;
    void deleteKey(const QString &profileId, QObject *context, Done done) override;

private:
    QString m_service;
};

} // namespace msgr::platform
