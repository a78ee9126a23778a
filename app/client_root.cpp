#include "app/client_root.h"

#include "core/account/session.h"
#include "core/chats/chat_list_model.h"
#include "core/context/core_context.h"
#include "core/devices/device_list_model.h"
#include "core/engine/sync_engine.h"
#include "core/media/media_service.h"
#include "core/messages/attachment_sender.h"
#include "platform/keychain_key_store.h"
#include "platform/profile_key_provider.h"
#include "storage/profile_store.h"

#include <QCoreApplication>
#include <QDir>

namespace msgr::app {

ClientRoot::ClientRoot(const core::ClientConfig &config, QObject *parent)
    : QObject(parent), m_profileDir(config.profileDir), m_keyFromKeychain(config.rawKey.isEmpty()),
      m_keyStore(std::make_unique<platform::KeychainKeyStore>()),
      m_keys(new platform::ProfileKeyProvider(m_keyStore.get(), this)),
      m_store(new storage::ProfileStore(this)), m_context(new core::CoreContext(m_store, this)),
      m_chats(new core::ChatListModel(m_context, this)),
      m_devices(new core::DeviceListModel(m_context, this)),
      m_media(new core::MediaService(
          m_store, QDir(config.profileDir).filePath(QStringLiteral("media-cache")), {}, {}, this)),
      m_attachments(new core::AttachmentSender(m_context, m_media, this)) {
    m_context->setMedia(m_media, m_attachments);
    m_networkThread.setObjectName(QStringLiteral("msgr-network"));
    m_session = std::make_unique<core::Session>(
        config,
        core::SessionParts{m_keys, m_store, m_context, &m_networkThread, m_chats, m_devices});
    core::Session::provideForQml(m_session.get());

    // The chat list is read once the profile is open; later changes arrive as diffs.
    connect(m_session.get(), &core::Session::profileOpened, m_chats, &core::ChatListModel::load);
    // Each engine's device lists go to the one device model (queued from the network thread).
    connect(m_session.get(), &core::Session::engineStarted, m_devices,
            [devices = m_devices](core::SyncEngine *engine) {
                connect(engine, &core::SyncEngine::devicesListed, devices,
                        &core::DeviceListModel::setDevices);
            });
    // Transfers run with the session's token; signed out, they wait.
    connect(m_session.get(), &core::Session::stateChanged, m_media,
            [this, serverUrl = config.serverUrl] {
                if (m_session->state() == core::Session::SignedIn)
                    m_media->useProfileSession(serverUrl);
                else if (m_session->state() == core::Session::SignedOut && m_media->isStarted())
                    m_media->setServer(serverUrl, {});
            });
    // Transfers follow the proxy setting from its first load on (their next request uses it).
    connect(m_session.get(), &core::Session::proxyChanged, m_media,
            [this] { m_media->setProxy(m_session->effectiveProxy()); });
    if (QCoreApplication::instance())
        connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this,
                &ClientRoot::shutdown);
}

ClientRoot::~ClientRoot() {
    shutdown();
    // QML's Session (a QPointer) lets go of it by itself; another root's may be provided now.
    // Users before what they use: Session, the models, the context, the store, the provider,
    // and last the key store the provider holds a pointer to.
    m_session.reset();
    m_context->setMedia(nullptr, nullptr);
    delete m_attachments;
    delete m_media;
    delete m_devices;
    delete m_chats;
    delete m_context;
    delete m_store;
    delete m_keys;
    m_keyStore.reset();
}

void ClientRoot::start() {
    m_session->begin();
}

void ClientRoot::forgetKey(QObject *context, std::function<void()> done) {
    if (!m_keyFromKeychain) {
        QMetaObject::invokeMethod(context, std::move(done), Qt::QueuedConnection);
        return;
    }
    m_keyStore->deleteKey(QDir(m_profileDir).absolutePath(), context,
                          [done = std::move(done)](const platform::KeyStoreResult &result) {
                              if (!result.ok())
                                  qWarning("the keychain did not delete a removed account's key");
                              done();
                          });
}

void ClientRoot::shutdown() {
    m_session->stopEngine();
}

} // namespace msgr::app
