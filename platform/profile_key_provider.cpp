#include "platform/profile_key_provider.h"

#include "crypto/sodium.h"
#include "platform/passphrase_key_file.h"
#include "platform/platform_logging.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QThreadPool>

namespace msgr::platform {
namespace {

void deliver(QObject *context, const std::function<void(ProfileKey)> &done, ProfileKey key) {
    if (!done)
        return;
    if (!context) {
        done(key);
        return;
    }
    QMetaObject::invokeMethod(
        context, [done, key] { done(key); }, Qt::QueuedConnection);
}

ProfileKey needsPassphrase(const QString &profileDirectory) {
    ProfileKey out;
    out.status = ProfileKeyStatus::NeedsPassphrase;
    out.passphraseIsNew = !hasWrappedKey(profileDirectory);
    return out;
}

ProfileKey keyMissing() {
    ProfileKey out;
    out.status = ProfileKeyStatus::KeyMissing;
    out.message = QStringLiteral("the history database exists but its key is not available");
    return out;
}

} // namespace

ProfileKeyProvider::ProfileKeyProvider(KeyStore *keyStore, QObject *parent)
    : QObject(parent), m_keyStore(keyStore) {}

QString ProfileKeyProvider::databasePath(const QString &profileDirectory) {
    return QDir(profileDirectory).filePath(QStringLiteral("history.db"));
}

void ProfileKeyProvider::obtainKey(const QString &profileId, const QString &profileDirectory,
                                   QObject *context, std::function<void(ProfileKey)> done) {
    QPointer<QObject> guard(context);
    m_keyStore->readKey(
        profileId, this,
        [this, profileId, profileDirectory, guard, done](const KeyStoreResult &read) {
            if (read.ok() && read.key.size() == kKeyBytes) {
                ProfileKey out;
                out.status = ProfileKeyStatus::Ready;
                out.key = read.key;
                deliver(guard.data(), done, out);
            } else if (read.ok() || read.error == KeyStoreError::NotFound ||
                       read.error == KeyStoreError::NoBackend) {
                if (read.error == KeyStoreError::NoBackend)
                    deliver(guard.data(), done,
                            hasWrappedKey(profileDirectory) ||
                                    !QFile::exists(databasePath(profileDirectory))
                                ? needsPassphrase(profileDirectory)
                                : keyMissing());
                else
                    onKeychainMissing(profileId, profileDirectory, guard.data(), done);
            } else {
                ProfileKey out;
                out.status = ProfileKeyStatus::Error;
                out.message = read.message;
                deliver(guard.data(), done, out);
            }
        });
}

void ProfileKeyProvider::onKeychainMissing(const QString &profileId,
                                           const QString &profileDirectory, QObject *context,
                                           std::function<void(ProfileKey)> done) {
    if (hasWrappedKey(profileDirectory)) {
        deliver(context, done, needsPassphrase(profileDirectory));
        return;
    }
    if (QFile::exists(databasePath(profileDirectory))) {
        deliver(context, done, keyMissing()); // a new key would never open it
        return;
    }
    const crypto::SecureBytes key = crypto::SecureBytes::random(kKeyBytes);
    QPointer<QObject> guard(context);
    m_keyStore->writeKey(profileId, key, this,
                         [guard, done, key, profileDirectory](const KeyStoreResult &written) {
                             ProfileKey out;
                             if (written.ok()) {
                                 out.status = ProfileKeyStatus::Ready;
                                 out.key = key;
                                 out.newDatabase = true;
                             } else if (written.error == KeyStoreError::NoBackend) {
                                 out = needsPassphrase(profileDirectory);
                             } else {
                                 out.status = ProfileKeyStatus::Error;
                                 out.message = written.message;
                             }
                             deliver(guard.data(), done, out);
                         });
}

void ProfileKeyProvider::unlockWithPassphrase(const QString &profileDirectory,
                                              const crypto::SecureBytes &passphrase,
                                              QObject *context,
                                              std::function<void(ProfileKey)> done,
                                              crypto::KeyWrapCost cost) {
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    QPointer<ProfileKeyProvider> self(this);
    QThreadPool::globalInstance()->start([=] {
        ProfileKey out;
        if (hasWrappedKey(profileDirectory)) {
            const PassphraseKeyResult read = readWrappedKey(profileDirectory, passphrase.view());
            if (read.ok() && read.key.size() == kKeyBytes) {
                out.status = ProfileKeyStatus::Ready;
                out.key = read.key;
            } else if (read.error == PassphraseKeyError::WrongPassphrase) {
                out.status = ProfileKeyStatus::WrongPassphrase;
            } else {
                out.status = ProfileKeyStatus::Error;
                out.message = QStringLiteral("key.wrapped cannot be read");
            }
        } else if (QFile::exists(databasePath(profileDirectory))) {
            out = keyMissing();
        } else {
            const crypto::SecureBytes key = crypto::SecureBytes::random(kKeyBytes);
            if (writeWrappedKey(profileDirectory, key.view(), passphrase.view(), cost).ok()) {
                out.status = ProfileKeyStatus::Ready;
                out.key = key;
                out.newDatabase = true;
            } else {
                out.status = ProfileKeyStatus::Error;
                out.message = QStringLiteral("cannot store the wrapped key");
            }
        }
        // Back on the provider's thread, where `context` can be checked safely.
        QMetaObject::invokeMethod(
            self.data(),
            [guard, hadContext, done, out] {
                if (!hadContext || guard)
                    deliver(nullptr, done, out);
            },
            Qt::QueuedConnection);
    });
}

void ProfileKeyProvider::changePassphrase(const QString &profileDirectory,
                                          const crypto::SecureBytes &oldPassphrase,
                                          const crypto::SecureBytes &newPassphrase,
                                          QObject *context,
                                          std::function<void(PassphraseKeyError)> done,
                                          crypto::KeyWrapCost cost) {
    QPointer<QObject> guard(context);
    QPointer<ProfileKeyProvider> self(this);
    // Two Argon2id runs (open, then wrap): seconds, never on the caller's thread. The
    // passphrases travel as SecureBytes and are wiped when the last copy goes.
    QThreadPool::globalInstance()->start([=] {
        const PassphraseKeyError error =
            changeWrappedKeyPassphrase(profileDirectory, oldPassphrase.view(), newPassphrase.view(),
                                       cost)
                .error;
        QMetaObject::invokeMethod(
            self.data(),
            [guard, done, error] {
                if (guard && done)
                    done(error);
            },
            Qt::QueuedConnection);
    });
}

} // namespace msgr::platform
