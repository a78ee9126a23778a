#pragma once
//! The account state machine of this process (one process = one profile directory): gets the
//! profile's key, opens the encrypted profile, starts the sync engine on the network thread it
//! is given, signs in and out. It is what QML sees as the `Session` singleton
//! (docs/client-api.md). It builds none of its parts: app/ (the composition root,
//! app/client_root.h) builds the key provider, the store, the context, the thread and the
//! models and hands them over in SessionParts.
//!
//! Thread affinity: GUI thread. The storage thread is inside ProfileStore; the network thread
//! belongs to the composition root and runs the SyncEngine this class creates and stops.
#include "core/account/client_config.h"
#include "core/net/transport_policy.h"
#include "platform/profile_key_provider.h"
#include "protocol/error_code.h"
#include "storage/records.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;
class QThread;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class ChatListModel;
class CoreContext;
class DeviceListModel;
class SyncEngine;

//! What the composition root hands to Session. Nothing here is owned by Session; all of it
//! must outlive it (the composition root destroys Session first).
struct SessionParts {
    platform::ProfileKeyProvider *keys = nullptr;
    storage::ProfileStore *store = nullptr;
    CoreContext *context = nullptr;
    //! Runs the SyncEngine; started by startEngine(), quit and joined by stopEngine().
    QThread *networkThread = nullptr;
    //! Shown as Session.chats and Session.devices; Session only hands them to QML.
    ChatListModel *chats = nullptr;
    DeviceListModel *devices = nullptr;
};

class Session : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(Connection connection READ connection NOTIFY connectionChanged)
    //! False only while the system says no network is up: "Waiting for network" then, and
    //! "cannot reach the server" when the network is up but the server does not answer.
    Q_PROPERTY(bool networkReachable READ networkReachable NOTIFY networkReachableChanged)
    //! Offline: when the next attempt is due (ms since the epoch, for a countdown); 0 while
    //! connecting or connected.
    Q_PROPERTY(double retryAt READ retryAt NOTIFY retryAtChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    //! The profile folder did not exist when begin() ran: a first run, so the log-in page
    //! offers "Sign up" first (a profile that was used offers "Log in").
    Q_PROPERTY(bool newProfile READ newProfile NOTIFY newProfileChanged)
    Q_PROPERTY(qint64 userId READ userId NOTIFY accountChanged)
    Q_PROPERTY(QString username READ username NOTIFY accountChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY accountChanged)
    Q_PROPERTY(bool keychainAvailable READ keychainAvailable NOTIFY keychainAvailableChanged)
    Q_PROPERTY(bool passphraseExists READ passphraseExists NOTIFY keychainAvailableChanged)
    //! changePassphrase() is running (two Argon2id runs, seconds).
    Q_PROPERTY(bool passphraseChanging READ passphraseChanging NOTIFY passphraseChangingChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(Transport transport READ transport NOTIFY transportChanged)
    Q_PROPERTY(bool allowInsecureTransport READ allowInsecureTransport WRITE
                   setAllowInsecureTransport NOTIFY transportChanged)
    Q_PROPERTY(QString transportWarning READ transportWarning NOTIFY transportChanged)
    //! The proxy (Settings > Proxy): a ProxyMode, and for a custom one its address and user
    //! name. The password is never handed out: only whether one is saved.
    Q_PROPERTY(int proxyMode READ proxyMode NOTIFY proxyChanged)
    Q_PROPERTY(QString proxyHost READ proxyHost NOTIFY proxyChanged)
    Q_PROPERTY(int proxyPort READ proxyPort NOTIFY proxyChanged)
    Q_PROPERTY(QString proxyUserName READ proxyUserName NOTIFY proxyChanged)
    Q_PROPERTY(bool proxyHasPassword READ proxyHasPassword NOTIFY proxyChanged)
    //! The run's proxy came from the command line (msgr-cli --proxy): the saved one is unused.
    Q_PROPERTY(bool proxyFromCommandLine READ proxyFromCommandLine CONSTANT)
    //! Why the last connection attempt failed at the proxy ("Cannot reach the proxy"); empty
    //! when it did not (or no proxy is used).
    Q_PROPERTY(QString proxyProblem READ proxyProblem NOTIFY proxyProblemChanged)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(msgr::core::ChatListModel *chats READ chats CONSTANT)
    Q_PROPERTY(msgr::core::DeviceListModel *devices READ devices CONSTANT)
    //! What QML-created models are given as their `context` (docs/client-api.md).
    Q_PROPERTY(msgr::core::CoreContext *context READ context CONSTANT)
public:
    enum State { Starting, NeedsPassphrase, SignedOut, Busy, SignedIn, Failed };
    Q_ENUM(State)
    //! Refused: the server address is refused by the transport policy (see `transport`); no
    //! connection is attempted until the user allows it.
    enum Connection { Offline, Connecting, Updating, Online, Refused };
    Q_ENUM(Connection)
    //! How the connection to the server is protected (core/net/transport_policy.h).
    enum Transport { Encrypted, Loopback, InsecureAllowed, InsecureRefused, InvalidAddress };
    Q_ENUM(Transport)
    //! ProxySettings::Mode's values, for QML.
    enum ProxyMode { ProxyOff, ProxySystem, ProxySocks5, ProxyHttp };
    Q_ENUM(ProxyMode)

    //! Minimum passphrase length accepted by createPassphrase().
    static constexpr int kMinPassphraseChars = 8;

    Session(const ClientConfig &config, const SessionParts &parts, QObject *parent = nullptr);
    ~Session() override;

    //! The instance QML's `Session` singleton resolves to: the composition root provides it
    //! before the QML engine loads anything that uses Session (null: none, or it was destroyed).
    static void provideForQml(Session *session);
    //! The QML singleton factory (QML_SINGLETON): the provided instance, owned by C++.
    static Session *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);

    //! Starts the state machine: asks for the profile's key (or uses ClientConfig::rawKey).
    void begin();
    //! Stops the sync engine and joins the network thread; idempotent.
    void stopEngine();

    State state() const { return m_state; }
    Connection connection() const { return m_connection; }
    bool networkReachable() const { return m_networkReachable; }
    double retryAt() const { return double(m_retryAt); }
    QString errorText() const { return m_errorText; }
    bool newProfile() const { return m_newProfile; }
    qint64 userId() const;
    QString username() const { return m_username; }
    QString displayName() const { return m_displayName; }
    bool keychainAvailable() const { return m_keychainAvailable; }
    //! Without a keychain: whether this profile already has a passphrase (unlock) or needs
    //! one made (createPassphrase).
    bool passphraseExists() const;
    QString serverUrl() const { return m_config.serverUrl.toString(); }
    Transport transport() const;
    //! The profile's saved opt-in to unencrypted ws:// to another machine.
    bool allowInsecureTransport() const { return m_settings.allowInsecureTransport; }
    //! Saves the opt-in in the profile and applies it at once. Ignored until the profile is
    //! open (the setting lives in the encrypted database).
    void setAllowInsecureTransport(bool allow);
    //! What the UI must tell the user about `transport`: empty when the connection is
    //! encrypted or stays on this machine.
    QString transportWarning() const;
    int proxyMode() const { return int(effectiveProxy().mode); }
    QString proxyHost() const { return effectiveProxy().host; }
    int proxyPort() const { return effectiveProxy().port; }
    QString proxyUserName() const { return effectiveProxy().userName; }
    bool proxyHasPassword() const { return !effectiveProxy().password.isEmpty(); }
    bool proxyFromCommandLine() const { return m_config.proxy.has_value(); }
    QString proxyProblem() const { return m_proxyProblem; }
    //! The proxy in use: the command line's, else the profile's.
    ProxySettings effectiveProxy() const;
    //! Checks the user's proxy and, when it is usable, saves it in the profile and applies it
    //! at once: the sync connection dials again through it, transfers use it for their next
    //! request. Returns why it was refused (validateProxy()), empty when applied. An empty
    //! `password` with the saved user name keeps the saved password (the form never shows it).
    //! Refused until the profile is open (the setting lives in the encrypted database).
    Q_INVOKABLE QString setProxy(int mode, const QString &host, int port, const QString &userName,
                                 const QString &password);
    QString profileDir() const { return m_config.profileDir; }
    ChatListModel *chats() const { return m_chats; }
    DeviceListModel *devices() const { return m_devices; }
    CoreContext *context() const { return m_context; }

    Q_INVOKABLE void signUp(const QString &username, const QString &password,
                            const QString &displayName);
    Q_INVOKABLE void logIn(const QString &username, const QString &password);
    Q_INVOKABLE void logOut();
    //! The log-in page moved on (another tab): the last error no longer applies.
    Q_INVOKABLE void clearError() { setError({}); }
    //! "Retry now": offline, connect at once instead of waiting out the backoff.
    Q_INVOKABLE void reconnectNow();
    Q_INVOKABLE void unlock(const QString &passphrase);
    Q_INVOKABLE void createPassphrase(const QString &passphrase);
    //! Settings: re-wraps the database key (the key stays) under `newPassphrase`, which is
    //! typed twice and has kMinPassphraseChars like createPassphrase's; off the GUI thread.
    //! passphraseChangeFinished follows (at once for a refused input). A wrong old passphrase
    //! changes nothing. Only for a passphrase profile (not keychainAvailable) that is open.
    Q_INVOKABLE void changePassphrase(const QString &oldPassphrase, const QString &newPassphrase,
                                      const QString &repeated);
    bool passphraseChanging() const { return m_passphraseChanging; }
    Q_INVOKABLE void openPrivateChat(qint64 userId);
    //! Starts a secret chat with the user's most recently active device (Telegram's choice);
    //! secretChatStarted or secretChatRefused follows. A double: ids exceed 32 bits.
    Q_INVOKABLE void startSecretChat(double userId);
    Q_INVOKABLE void revokeDevice(qint64 deviceId);
    //! Pins the chat at the top of the chat list, or unpins it; pinRefused() if it cannot be.
    Q_INVOKABLE void setChatPinned(qint64 chatId, bool pinned);
    //! Mutes the chat for `forSeconds` (0: forever) or unmutes it (`muted` false); muteRefused()
    //! if it cannot be. A secret chat's mute stays on this device (the server does not know it).
    Q_INVOKABLE void setChatMuted(double chatId, bool muted, double forSeconds);

signals:
    void stateChanged();
    void connectionChanged();
    void newProfileChanged();
    void networkReachableChanged();
    void retryAtChanged();
    void errorTextChanged();
    void accountChanged();
    void keychainAvailableChanged();
    void transportChanged();
    void proxyChanged();
    void proxyProblemChanged();
    void passphraseChangingChanged();
    //! After changePassphrase: `ok`, or `message` says why nothing changed, for the user.
    void passphraseChangeFinished(bool ok, const QString &message);
    void chatOpened(qint64 chatId);
    //! A secret chat started by startSecretChat is stored (its id is negative).
    void secretChatStarted(double chatId);
    //! startSecretChat failed; `message` says why, for the user.
    void secretChatRefused(const QString &message);
    //! A pin or unpin did not happen; `message` says why, for the user.
    void pinRefused(qint64 chatId, bool pinned, const QString &message);
    //! A mute or unmute did not happen; `message` says why, for the user.
    void muteRefused(double chatId, bool muted, const QString &message);
    //! The profile's database is open (the composition root loads the chat list).
    void profileOpened();
    //! A new engine runs on the network thread; its signals are queued to the receiver's
    //! thread. It lives until the next stopEngine().
    void engineStarted(msgr::core::SyncEngine *engine);

private:
    void onProfileKey(platform::ProfileKey key, bool fromPassphrase);
    void unlockWith(const QString &passphrase);
    void openStore(const crypto::SecureBytes &rawKey, bool fromPassphrase);
    void loadSettingsThenStart();
    bool effectiveAllowInsecure() const;
    void startEngine();
    void setState(State state);
    void setError(const QString &text);
    void loadDisplayName();

    ClientConfig m_config;
    platform::ProfileKeyProvider *m_keys;
    bool m_passphraseIsNew = false;
    storage::ProfileStore *m_store;
    CoreContext *m_context;
    SyncEngine *m_engine = nullptr;
    QThread *m_networkThread;
    ChatListModel *m_chats;
    DeviceListModel *m_devices;
    State m_state = Starting;
    Connection m_connection = Offline;
    bool m_networkReachable = true;
    bool m_newProfile = false;
    qint64 m_retryAt = 0;
    QString m_errorText;
    QString m_username;
    QString m_displayName;
    bool m_keychainAvailable = false;
    bool m_storeOpen = false;
    bool m_passphraseChanging = false;
    storage::ProfileSettings m_settings;
    QString m_proxyProblem;
};

//! The user-facing sentence for a server error code (shown in Session.errorText).
QString userFacingError(protocol::ErrorCode code, const QString &fallback);

} // namespace msgr::core
