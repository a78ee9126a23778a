#include "platform/keychain_key_store.h"

#include "platform/platform_logging.h"
#include "platform/secret_service_probe.h"

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

//! Starts `job`; its result reaches `done` on `context`'s thread.
void run(QKeychain::Job *job, QObject *context, KeyStore::Done done, bool returnsKey) {
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
        if (!done || (hadContext && !guard))
            return;
        KeyStoreResult result;
        result.error = errorFrom(finished->error());
        if (result.ok() && returnsKey)
            result.key = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
        else if (!result.ok())
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

void KeychainKeyStore::writeKey(const QString &profileId, const QByteArray &key, QObject *context,
                                Done done) {
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(profileId);
    job->setBinaryData(key);
    run(job, context, std::move(done), false);
}

void KeychainKeyStore::deleteKey(const QString &profileId, QObject *context, Done done) {
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(profileId);
    run(job, context, std::move(done), false);
}

} // namespace msgr::platform
