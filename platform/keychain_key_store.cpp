#include "platform/keychain_key_store.h"

#include "platform/keychain_probe.h"
#include "platform/platform_logging.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace msgr::platform {
namespace {

KeyStoreError errorFrom(QKeychain::Error error) {
    switch (error) {
    case QKeychain::NoError:
        return KeyStoreError::None;
    case QKeychain::EntryNotFound:
        return KeyStoreError::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return KeyStoreError::Denied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return KeyStoreError::NoBackend;
    default:
        return KeyStoreError::Other;
    }
}

void deliverLater(QObject *context, const KeyStore::Done &done, KeyStoreResult result) {
    if (!done)
        return;
    if (!context) {
        done(result);
        return;
    }
    QMetaObject::invokeMethod(
        context, [done, result] { done(result); }, Qt::QueuedConnection);
}

//! Starts `job`; its result reaches `done` on `context`'s thread. `keepAlive` is a key the job
//! reads without a copy (rawView): it lives until the job has finished.
void run(QKeychain::Job *job, QObject *context, KeyStore::Done done, bool returnsKey,
         crypto::SecureBytes keepAlive = {}) {
    QString why;
    if (!keychainBackendAvailable(&why)) {
        delete job;
        qCInfo(lcPlatform) << "keychain unavailable:" << why;
        deliverLater(context, done, {KeyStoreError::NoBackend, {}, why});
        return;
    }
    job->setAutoDelete(true);
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    QObject::connect(job, &QKeychain::Job::finished, job, [=](QKeychain::Job *finished) {
        (void)keepAlive;
        KeyStoreResult result;
        result.error = errorFrom(finished->error());
        if (result.ok() && returnsKey) {
            // binaryData() shares the job's own buffer: takeFrom() copies the key into guarded
            // memory and zeroes that one buffer in place, so the job frees no key bytes.
            QByteArray data = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
            result.key = crypto::SecureBytes::takeFrom(data);
        }
        if (!done || (hadContext && !guard))
            return;
        if (!result.ok())
            result.message = finished->errorString();
        if (!result.ok() && result.error != KeyStoreError::NotFound)
            qCWarning(lcPlatform) << "keychain error" << finished->error()
                                  << finished->errorString();
        deliverLater(guard.data(), done, result);
    });
    job->start();
}

} // namespace

KeychainKeyStore::KeychainKeyStore(QString service) : m_service(std::move(service)) {}

void KeychainKeyStore::readKey(const QString &profileId, QObject *context, Done done) {
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(profileId);
    run(job, context, std::move(done), true);
}

void KeychainKeyStore::writeKey(const QString &profileId, const crypto::SecureBytes &key,
                                QObject *context, Done done) {
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(profileId);
    // The job only reads the bytes (to hand them to the service): a view, not a heap copy.
    job->setBinaryData(key.rawView());
    run(job, context, std::move(done), false, key);
}

void KeychainKeyStore::deleteKey(const QString &profileId, QObject *context, Done done) {
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(profileId);
    run(job, context, std::move(done), false);
}

} // namespace msgr::platform
