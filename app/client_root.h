#pragma once
//! The composition root of the client: builds every part of the core once, in order, and hands
//! each part what it needs (docs/architecture.md, "Client"). Nothing below app/ builds a part
//! or reaches for one through a global: the key store and provider, the profile store, the
//! core context, the network thread and the models are made here and given to Session, which
//! only runs the account state machine, and to the models, which get their CoreContext.
//!
//! Thread affinity: GUI thread. Owns the network thread (the SyncEngine that Session starts on
//! it) and, through ProfileStore, the storage thread.
#include "core/account/client_config.h"

#include <QObject>
#include <QThread>
#include <functional>
#include <memory>

namespace msgr::platform {
class KeyStore;
class ProfileKeyProvider;
} // namespace msgr::platform

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {
class AttachmentSender;
class ChatListModel;
class CoreContext;
class DeviceListModel;
class MediaService;
class Session;
} // namespace msgr::core

namespace msgr::app {

class ClientRoot : public QObject {
    Q_OBJECT
public:
    //! Builds the parts; nothing starts yet. Session becomes what QML's `Session` resolves to.
    explicit ClientRoot(const core::ClientConfig &config, QObject *parent = nullptr);
    //! Stops the engine, then destroys Session before the parts it was given.
    ~ClientRoot() override;

    //! Starts the account state machine (key, profile, engine). Call before QML loads.
    void start();
    //! Stops the network thread; idempotent. Also runs on QCoreApplication::aboutToQuit.
    void shutdown();

    //! Deletes this profile's key from the keychain (an account being forgotten), then calls
    //! `done` on `context`'s thread, whether or not there was one to delete. Nothing to do for a
    //! key supplied in ClientConfig::rawKey or wrapped under a passphrase in the profile folder.
    void forgetKey(QObject *context, std::function<void()> done);

    core::Session *session() const { return m_session.get(); }
    core::CoreContext *context() const { return m_context; }
    storage::ProfileStore *store() const { return m_store; }

private:
    QString m_profileDir;
    bool m_keyFromKeychain;
    std::unique_ptr<platform::KeyStore> m_keyStore;
    platform::ProfileKeyProvider *m_keys;
    storage::ProfileStore *m_store;
    core::CoreContext *m_context;
    QThread m_networkThread;
    core::ChatListModel *m_chats;
    core::DeviceListModel *m_devices;
    //! File transfers on their own thread, started once signed in.
    core::MediaService *m_media;
    core::AttachmentSender *m_attachments;
    std::unique_ptr<core::Session> m_session;
};

} // namespace msgr::app
