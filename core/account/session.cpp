#include "core/account/session.h"

#include "core/chats/chat_list_model.h" // complete for moc_session.cpp
#include "core/context/core_context.h"
#include "core/devices/device_list_model.h" // complete for moc_session.cpp
#include "core/engine/sync_engine.h"
#include "crypto/private_files.h"
#include "crypto/secure_bytes.h"
#include "storage/profile_store.h"
#include "storage/tables/settings_table.h"
#include "storage/tables/users_table.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QLoggingCategory>
#include <QPointer>
#include <QThread>

Q_LOGGING_CATEGORY(lcSession, "msgr.core.session")

namespace msgr::core {
namespace {

//! Tells the secret chats this object starts from those msgr-cli or tests start on the engine.
constexpr int kSecretStartTag = 0x5EC;

//! The instance the QML singleton resolves to; QPointer, so a destroyed Session is never handed
//! out.
QPointer<Session> &providedForQml() {
    static QPointer<Session> session;
    return session;
}

} // namespace

QString userFacingError(protocol::ErrorCode code, const QString &fallback) {
    using E = protocol::ErrorCode;
    switch (code) {
    case E::AuthFailed:
        return Session::tr("Wrong username or password");
    case E::UsernameTaken:
        return Session::tr("This username is taken");
    case E::UsernameInvalid:
        return Session::tr("A username has 3 to 32 characters: a-z, 0-9 and _, starting with "
                           "a letter");
    case E::PasswordInvalid:
        return Session::tr("A password has 8 to 256 characters");
    case E::FloodWait:
        return Session::tr("Too many attempts; try again later");
    case E::Unauthorized:
        return Session::tr("This device was signed out");
    default:
        return fallback.isEmpty() ? Session::tr("Something went wrong") : fallback;
    }
}

void Session::provideForQml(Session *session) {
    providedForQml() = session;
}

Session *Session::create(QQmlEngine *, QJSEngine *) {
    Session *session = providedForQml();
    if (!session) {
        qCCritical(lcSession) << "QML asked for Session before the composition root provided one";
        return nullptr;
    }
    QJSEngine::setObjectOwnership(session, QJSEngine::CppOwnership);
    return session;
}

Session::Session(const ClientConfig &config, const SessionParts &parts, QObject *parent)
    : QObject(parent), m_config(config), m_keys(parts.keys), m_store(parts.store),
      m_context(parts.context), m_networkThread(parts.networkThread), m_chats(parts.chats),
      m_devices(parts.devices) {
    Q_ASSERT(m_keys && m_store && m_context && m_networkThread && m_chats && m_devices);
}

Session::~Session() {
    stopEngine();
}

void Session::begin() {
    // Looked at once, before the folder is made (and before any window shows).
    m_newProfile = !QFileInfo::exists(m_config.profileDir);
    emit newProfileChanged();
    // 0700: the profile holds the encrypted history and, without a keychain, the wrapped key.
    if (!crypto::ensurePrivateDirectory(m_config.profileDir)) {
        setError(tr("Cannot create the profile directory %1").arg(m_config.profileDir));
        setState(Failed);
        return;
    }
    if (!m_config.rawKey.isEmpty()) {
        m_keychainAvailable = true; // the key came from elsewhere: no passphrase needed
        emit keychainAvailableChanged();
        // Supplied by the embedding app (or a test), which owns its copy.
        openStore(crypto::SecureBytes::copyOf(m_config.rawKey), false);
        return;
    }
    // The keychain entry is per profile; the absolute directory names the profile.
    m_keys->obtainKey(QDir(m_config.profileDir).absolutePath(), m_config.profileDir, this,
                      [this](platform::ProfileKey key) { onProfileKey(std::move(key), false); });
}

void Session::onProfileKey(platform::ProfileKey key, bool fromPassphrase) {
    using S = platform::ProfileKeyStatus;
    switch (key.status) {
    case S::Ready:
        if (!fromPassphrase) {
            m_keychainAvailable = true;
            emit keychainAvailableChanged();
        }
        // The one guarded buffer goes to the storage thread; this reference is dropped here.
        openStore(key.key, fromPassphrase);
        key.key.reset();
        return;
    case S::NeedsPassphrase:
        m_keychainAvailable = false;
        m_passphraseIsNew = key.passphraseIsNew;
        emit keychainAvailableChanged();
        setState(NeedsPassphrase);
        return;
    case S::WrongPassphrase:
        setError(tr("Wrong passphrase"));
        setState(NeedsPassphrase);
        return;
    case S::KeyMissing:
        setError(tr("The key of this profile is missing from the keychain"));
        setState(Failed);
        return;
    case S::Error:
        setError(tr("The keychain refused: %1").arg(key.message));
        setState(Failed);
        return;
    }
}

bool Session::passphraseExists() const {
    return !m_passphraseIsNew;
}

void Session::unlock(const QString &passphrase) {
    if (m_state != NeedsPassphrase)
        return;
    if (m_passphraseIsNew) {
        setError(tr("This profile has no passphrase yet; create one"));
        return;
    }
    unlockWith(passphrase);
}

void Session::createPassphrase(const QString &passphrase) {
    if (m_state != NeedsPassphrase)
        return;
    if (!m_passphraseIsNew) {
        setError(tr("This profile already has a passphrase"));
        return;
    }
    if (passphrase.size() < kMinPassphraseChars) {
        setError(tr("A passphrase has at least %1 characters").arg(kMinPassphraseChars));
        return;
    }
    unlockWith(passphrase);
}

void Session::unlockWith(const QString &passphrase) {
    setError({});
    setState(Busy);
    // The UTF-8 bytes move into guarded memory; the temporary QByteArray is zeroed in place (it
    // is its buffer's only owner). The QString itself belongs to QML and cannot be wiped.
    QByteArray utf8 = passphrase.toUtf8();
    const crypto::SecureBytes secret = crypto::SecureBytes::takeFrom(utf8);
    // Argon2id runs on the thread pool inside the provider, never on the GUI thread.
    m_keys->unlockWithPassphrase(
        m_config.profileDir, secret, this,
        [this](platform::ProfileKey key) {
            if (key.status == platform::ProfileKeyStatus::Ready)
                m_passphraseIsNew = false;
            onProfileKey(std::move(key), true);
        },
        m_config.passphraseCost);
}

void Session::openStore(const crypto::SecureBytes &rawKey, bool fromPassphrase) {
    m_store->open(m_config.profileDir, rawKey, this,
                  [this, fromPassphrase](const storage::OpenResult &result) {
                      if (!result.ok()) {
                          qCWarning(lcSession) << "cannot open the profile:" << result.message;
                          if (fromPassphrase &&
                              result.error == storage::OpenError::WrongKeyOrCorrupt) {
                              setError(tr("Wrong passphrase"));
                              setState(NeedsPassphrase);
                          } else {
                              setError(tr("Cannot open the profile: %1").arg(result.message));
                              setState(Failed);
                          }
                          return;
                      }
                      m_storeOpen = true;
                      emit profileOpened();
                      loadSettingsThenStart();
                  });
}

void Session::loadSettingsThenStart() {
    // The opt-in to ws:// is known before the engine first dials.
    m_store->read([](storage::ReadTransaction &tx) { return storage::SettingsTable::load(tx); },
                  this,
                  [this](const storage::ProfileSettings &settings) {
                      m_settings = settings;
                      emit transportChanged();
                      emit proxyChanged(); // the transfers take it from here (ClientRoot)
                      startEngine();
                  });
}

bool Session::effectiveAllowInsecure() const {
    return m_config.allowInsecureTransport || m_settings.allowInsecureTransport;
}

Session::Transport Session::transport() const {
    switch (classifyServerUrl(m_config.serverUrl, effectiveAllowInsecure())) {
    case TransportSecurity::Encrypted:
        return Encrypted;
    case TransportSecurity::Loopback:
        return Loopback;
    case TransportSecurity::InsecureAllowed:
        return InsecureAllowed;
    case TransportSecurity::InsecureRefused:
        return InsecureRefused;
    case TransportSecurity::InvalidAddress:
        break;
    }
    return InvalidAddress;
}

QString Session::transportWarning() const {
    switch (transport()) {
    case InsecureRefused:
        return tr("The server address %1 is not encrypted (ws://). Anyone on the network "
                  "between you and the server could read your messages and take over your "
                  "account, so the app does not connect. Ask for a wss:// address, or allow "
                  "unencrypted connections only on a network you fully trust.")
            .arg(serverUrl());
    case InsecureAllowed:
        return tr("Unencrypted connection (ws://) allowed: anyone on the network between you "
                  "and the server can read your messages and take over your account.");
    case InvalidAddress:
        return tr("The server address \"%1\" is not a ws:// or wss:// address.").arg(serverUrl());
    case Encrypted:
    case Loopback:
        break;
    }
    return {};
}

void Session::setAllowInsecureTransport(bool allow) {
    if (allow == m_settings.allowInsecureTransport)
        return;
    if (!m_storeOpen) {
        qCWarning(lcSession) << "the insecure-transport setting needs an open profile; ignored";
        return;
    }
    m_settings.allowInsecureTransport = allow;
    m_store->write([settings = m_settings](storage::WriteTransaction &tx) {
        storage::SettingsTable::save(tx, settings);
    });
    if (m_engine)
        m_engine->setAllowInsecureTransport(effectiveAllowInsecure());
    emit transportChanged();
}

namespace {

ProxySettings proxyOf(const storage::ProfileSettings &settings) {
    ProxySettings proxy;
    if (settings.proxyMode < int(ProxySettings::Mode::Off) ||
        settings.proxyMode > int(ProxySettings::Mode::Http))
        return proxy; // a number this version does not know: no proxy
    proxy.mode = ProxySettings::Mode(settings.proxyMode);
    proxy.host = settings.proxyHost;
    proxy.port = settings.proxyPort;
    proxy.userName = settings.proxyUserName;
    proxy.password = settings.proxyPassword;
    return proxy;
}

} // namespace

ProxySettings Session::effectiveProxy() const {
    return m_config.proxy ? *m_config.proxy : proxyOf(m_settings);
}

QString Session::setProxy(int mode, const QString &host, int port, const QString &userName,
                          const QString &password) {
    if (mode < int(ProxySettings::Mode::Off) || mode > int(ProxySettings::Mode::Http))
        return tr("Unknown proxy type");
    if (!m_storeOpen)
        return tr("The profile is not open yet");
    ProxySettings proxy;
    proxy.mode = ProxySettings::Mode(mode);
    if (proxy.isCustom()) {
        proxy.host = host.trimmed();
        proxy.port = port;
        proxy.userName = userName;
        const ProxySettings saved = proxyOf(m_settings);
        proxy.password = password.isEmpty() && !userName.isEmpty() && userName == saved.userName
                             ? saved.password
                             : password;
    }
    if (const ProxyInputError error = validateProxy(proxy); error != ProxyInputError::None)
        return proxyInputErrorText(error);
    m_settings.proxyMode = int(proxy.mode);
    m_settings.proxyHost = proxy.host;
    m_settings.proxyPort = proxy.port;
    m_settings.proxyUserName = proxy.userName;
    m_settings.proxyPassword = proxy.password;
    m_store->write([settings = m_settings](storage::WriteTransaction &tx) {
        storage::SettingsTable::save(tx, settings);
    });
    if (m_config.proxy) {
        qCInfo(lcSession) << "proxy saved; this run keeps the command line's";
    } else if (m_engine) {
        m_engine->setProxy(effectiveProxy());
    }
    emit proxyChanged();
    return {};
}

void Session::startEngine() {
    if (m_engine)
        return;
    m_engine = new SyncEngine(m_store, {m_config.serverUrl, m_config.deviceName});
    m_engine->setAllowInsecureTransport(effectiveAllowInsecure());
    m_engine->setProxy(effectiveProxy());
    m_engine->moveToThread(m_networkThread);
    connect(m_networkThread, &QThread::finished, m_engine, &QObject::deleteLater);
    m_context->setEngine(m_engine);

    connect(m_engine, &SyncEngine::connectionChanged, this, [this](SyncEngine::Connection c) {
        m_connection = Connection(int(c));
        emit connectionChanged();
        if (m_connection != Offline && m_retryAt != 0) {
            m_retryAt = 0;
            emit retryAtChanged();
        }
    });
    connect(m_engine, &SyncEngine::reconnectScheduled, this, [this](int delayMs) {
        m_retryAt = QDateTime::currentMSecsSinceEpoch() + delayMs;
        emit retryAtChanged();
    });
    connect(m_engine, &SyncEngine::networkReachableChanged, this, [this](bool reachable) {
        if (reachable == m_networkReachable)
            return;
        m_networkReachable = reachable;
        emit networkReachableChanged();
    });
    connect(m_engine, &SyncEngine::proxyFailureChanged, this, [this](ProxyFailure failure) {
        const QString text = failure == ProxyFailure::AuthRefused
                                 ? tr("The proxy refused the user name or password")
                             : failure == ProxyFailure::Unreachable ? tr("Cannot reach the proxy")
                                                                    : QString();
        if (text == m_proxyProblem)
            return;
        m_proxyProblem = text;
        emit proxyProblemChanged();
    });
    connect(m_engine, &SyncEngine::needsSignIn, this, [this] { setState(SignedOut); });
    connect(m_engine, &SyncEngine::signedIn, this, [this](qint64 userId, const QString &name) {
        m_context->setSelfUserId(userId);
        m_username = name;
        m_displayName.clear();
        emit accountChanged();
        setError({});
        setState(SignedIn);
        loadDisplayName();
    });
    connect(m_engine, &SyncEngine::signedOut, this, [this] {
        m_context->setSelfUserId(0);
        m_username.clear();
        m_displayName.clear();
        emit accountChanged();
        setState(SignedOut);
    });
    connect(m_engine, &SyncEngine::authFailed, this,
            [this](protocol::ErrorCode code, const QString &message) {
                setError(userFacingError(code, message));
                setState(SignedOut);
            });
    connect(m_engine, &SyncEngine::usersStored, this, [this] {
        loadDisplayName();
        emit m_context->usersUpdated();
    });
    connect(m_engine, &SyncEngine::privateChatOpened, this, &Session::chatOpened);
    connect(m_engine, &SyncEngine::secretChatStarted, this, [this](int tag, qint64 chatId) {
        if (tag == kSecretStartTag)
            emit secretChatStarted(double(chatId));
    });
    connect(m_engine, &SyncEngine::secretChatFailed, this,
            [this](int tag, const QString &code, const QString &) {
                if (tag != kSecretStartTag)
                    return;
                if (code == QLatin1String("NO_DEVICE"))
                    emit secretChatRefused(
                        tr("This user has no device that can take a secret chat yet."));
                else if (code == QLatin1String("OFFLINE"))
                    emit secretChatRefused(tr("Not connected: try again once online."));
                else
                    emit secretChatRefused(
                        tr("The secret chat could not be started. Try again later."));
            });
    connect(m_engine, &SyncEngine::sendFailed, m_context, &CoreContext::sendFailed);
    connect(m_engine, &SyncEngine::pinRefused, this,
            [this](qint64 chatId, bool pinned, const QString &, const QString &message) {
                emit pinRefused(chatId, pinned, message);
            });
    connect(m_engine, &SyncEngine::muteRefused, this,
            [this](qint64 chatId, bool muted, const QString &code, const QString &) {
                emit muteRefused(double(chatId), muted,
                                 code == QLatin1String("OFFLINE")
                                     ? tr("Not connected: try again once online.")
                                     : tr("The chat's notifications could not be changed."));
            });

    m_networkThread->start();
    m_engine->start();
    emit engineStarted(m_engine);
}

void Session::stopEngine() {
    if (!m_engine)
        return;
    m_engine->shutdown(); // blocks until the socket is closed on the network thread
    m_networkThread->quit();
    m_networkThread->wait();
    m_engine = nullptr; // deleted by QThread::finished
    m_context->setEngine(nullptr);
}

void Session::loadDisplayName() {
    const qint64 id = m_context->selfUserId();
    if (id == 0)
        return;
    m_store->read(
        [id](storage::ReadTransaction &tx) { return storage::UsersTable::load(tx, {id}); }, this,
        [this, id](const QList<storage::UserRecord> &users) {
            for (const storage::UserRecord &u : users) {
                if (u.id == id && u.displayName != m_displayName) {
                    m_displayName = u.displayName;
                    emit accountChanged();
                }
            }
        });
}

qint64 Session::userId() const {
    return m_context->selfUserId();
}

void Session::signUp(const QString &username, const QString &password, const QString &displayName) {
    if (!m_engine)
        return;
    setError({});
    setState(Busy);
    m_engine->signUp(username.trimmed(), password, displayName.trimmed());
}

void Session::logIn(const QString &username, const QString &password) {
    if (!m_engine)
        return;
    setError({});
    setState(Busy);
    m_engine->logIn(username.trimmed(), password);
}

void Session::logOut() {
    if (m_engine)
        m_engine->logOut();
}

void Session::reconnectNow() {
    if (m_engine)
        m_engine->reconnectNow();
}

void Session::openPrivateChat(qint64 userId) {
    if (m_engine)
        m_engine->openPrivateChat(userId);
}

void Session::startSecretChat(double userId) {
    if (m_engine)
        m_engine->startSecretChat(qint64(userId), 0, kSecretStartTag);
}

void Session::revokeDevice(qint64 deviceId) {
    if (m_engine)
        m_engine->revokeDevice(deviceId);
}

void Session::setChatPinned(qint64 chatId, bool pinned) {
    if (m_engine)
        m_engine->setChatPinned(chatId, pinned);
    else
        emit pinRefused(chatId, pinned, tr("Not signed in"));
}

void Session::setChatMuted(double chatId, bool muted, double forSeconds) {
    if (m_engine)
        m_engine->setChatMuted(qint64(chatId), muted, qint64(forSeconds));
    else
        emit muteRefused(chatId, muted, tr("Not signed in"));
}

void Session::setState(State state) {
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged();
}

void Session::setError(const QString &text) {
    if (m_errorText == text)
        return;
    m_errorText = text;
    emit errorTextChanged();
}

} // namespace msgr::core

// moc output compiled here, where ChatListModel and DeviceListModel (property types) are complete.
#include "moc_session.cpp"
