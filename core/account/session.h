#pragma once
//! The one signed-in account of this process (one process = one profile directory): opens the
//! encrypted profile, runs the sync engine on its own network thread, and is what QML sees as
//! the `Session` singleton (docs/client-api.md).
//!
//! Thread affinity: GUI thread. The storage thread is inside ProfileStore; the network thread
//! is owned here and runs SyncEngine.
#include "core/account/client_config.h"
#include "core/net/transport_policy.h"
#include "platform/profile_key_provider.h"
#include "protocol/error_code.h"
#include "storage/records.h"

#include <QObject>
#include <QThread>
#include <QtQml/qqmlregistration.h>
#include <memory>

class QQmlEngine;
class QJSEngine;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class ChatListModel;
class CoreContext;
class DeviceListModel;
class SyncEngine;

class Session : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(Connection connection READ connection NOTIFY connectionChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    Q_PROPERTY(qint64 userId READ userId NOTIFY accountChanged)
    Q_PROPERTY(QString username READ username NOTIFY accountChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY accountChanged)
    Q_PROPERTY(bool keychainAvailable READ keychainAvailable NOTIFY keychainAvailableChanged)
    Q_PROPERTY(bool passphraseExists READ passphraseExists NOTIFY keychainAvailableChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(Transport transport READ transport NOTIFY transportChanged)
    Q_PROPERTY(bool allowInsecureTransport READ allowInsecureTransport WRITE
                   setAllowInsecureTransport NOTIFY transportChanged)
    Q_PROPERTY(QString transportWarning READ transportWarning NOTIFY transportChanged)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(msgr::core::ChatListModel *chats READ chats CONSTANT)
    Q_PROPERTY(msgr::core::DeviceListModel *devices READ devices CONSTANT)
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

    //! Minimum passphrase length accepted by createPassphrase().
    static constexpr int kMinPassphraseChars = 8;

    //! Call once from main() before the QML engine loads anything that uses Session.
    static void configure(const ClientConfig &config);
    //! The one instance, created on first use from the configured ClientConfig.
    static Session *instance();
    //! The QML singleton factory (QML_SINGLETON); returns instance(), owned by C++.
    static Session *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    //! What QML-created models attach to; null before instance() was created.
    static CoreContext *currentContext();
    //! Stops the network thread and closes the store; idempotent. Runs on aboutToQuit too.
    static void shutdown();

    ~Session() override;

    State state() const { return m_state; }
    Connection connection() const { return m_connection; }
    QString errorText() const { return m_errorText; }
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
    QString profileDir() const { return m_config.profileDir; }
    ChatListModel *chats() const { return m_chats; }
    DeviceListModel *devices() const { return m_devices; }
    CoreContext *context() const { return m_context; }

    Q_INVOKABLE void signUp(const QString &username, const QString &password,
                            const QString &displayName);
    Q_INVOKABLE void logIn(const QString &username, const QString &password);
    Q_INVOKABLE void logOut();
    Q_INVOKABLE void unlock(const QString &passphrase);
    Q_INVOKABLE void createPassphrase(const QString &passphrase);
    Q_INVOKABLE void openPrivateChat(qint64 userId);
    Q_INVOKABLE void revokeDevice(qint64 deviceId);

signals:
    void stateChanged();
    void connectionChanged();
    void errorTextChanged();
    void accountChanged();
    void keychainAvailableChanged();
    void transportChanged();
    void chatOpened(qint64 chatId);

private:
    explicit Session(const ClientConfig &config);
    void begin();
    void onProfileKey(platform::ProfileKey key, bool fromPassphrase);
    void unlockWith(const QString &passphrase);
    void openStore(const crypto::SecureBytes &rawKey, bool fromPassphrase);
    void loadSettingsThenStart();
    bool effectiveAllowInsecure() const;
    void startEngine();
    void stopEngine();
    void setState(State state);
    void setError(const QString &text);
    void loadDisplayName();

    ClientConfig m_config;
    std::unique_ptr<platform::KeyStore> m_keyStore;
    platform::ProfileKeyProvider *m_keys = nullptr;
    bool m_passphraseIsNew = false;
    storage::ProfileStore *m_store = nullptr;
    CoreContext *m_context = nullptr;
    SyncEngine *m_engine = nullptr;
    QThread m_networkThread;
    ChatListModel *m_chats = nullptr;
    DeviceListModel *m_devices = nullptr;
    State m_state = Starting;
    Connection m_connection = Offline;
    QString m_errorText;
    QString m_username;
    QString m_displayName;
    bool m_keychainAvailable = false;
    bool m_storeOpen = false;
    storage::ProfileSettings m_settings;
};

//! The user-facing sentence for a server error code (shown in Session.errorText).
QString userFacingError(protocol::ErrorCode code, const QString &fallback);

} // namespace msgr::core
