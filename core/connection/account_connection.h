#pragma once
//! The connection owner: the one ServerConnection of the account, its life cycle (connect,
//! reconnect with backoff, resync after a wake-up or a network change, the transport policy)
//! and its authorization (sign up, log in, resume the stored session, log out). Every feature
//! reaches the server through it as a RequestChannel; none of them sees the socket.
//!
//! Thread affinity: the network thread. Not thread-safe; SyncEngine hops onto the thread.
#include "core/net/proxy_settings.h"
#include "core/net/reconnect_backoff.h"
#include "core/net/request_channel.h"
#include "core/net/transport_policy.h"
#include "protocol/api/auth.h"
#include "storage/records.h"

#include <QUrl>
#include <optional>

class QTimer;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class ServerConnection;
class WakeDetector;

class AccountConnection : public RequestChannel {
    Q_OBJECT
public:
    enum class Link { Offline, Connecting, Authorized, Refused };

    struct Options {
        QUrl serverUrl;
        QString deviceName;
        //! The first wait before reconnecting (it doubles up to 30 s). Tests stretch it.
        int firstReconnectDelayMs = ReconnectBackoff::kInitialMs;
    };

    //! `store` must outlive the connection.
    AccountConnection(storage::ProfileStore *store, Options options, QObject *parent = nullptr);
    ~AccountConnection() override;

    //! Loads the stored session: connects and resumes it, or asks for a sign-in.
    void start();
    //! Closes the socket and stops every timer; nothing reconnects until start().
    void shutdown();
    void signUp(const QString &username, const QString &password, const QString &displayName);
    void logIn(const QString &username, const QString &password);
    void logOut();
    //! Something suggests updates were missed (network back, machine woke): start over on a
    //! fresh socket at once.
    void resync(const QString &reason);
    //! Drops the connection; it reconnects after the backoff (a feature's state went wrong).
    void restart();
    //! The user asked ("Retry now"): an offline link connects at once instead of waiting out
    //! its backoff; a connecting or connected one is left alone.
    void reconnectNow();
    //! The user's opt-in to unencrypted ws:// to another machine (transport_policy.h).
    void setAllowInsecureTransport(bool allow);
    //! The proxy to reach the server through (proxy_settings.h). A change while connected or
    //! connecting drops that socket and dials again through the new proxy at once; offline
    //! with a session, it dials at once too (the user may have just fixed the proxy).
    void setProxy(const ProxySettings &proxy);

    Link link() const { return m_link; }
    bool isAuthorized() const override { return m_link == Link::Authorized; }
    qint64 userId() const override { return m_account ? m_account->userId : 0; }

signals:
    void linkChanged();
    //! Started without a stored session: the UI asks the user to sign in.
    void needsSignIn();
    void signedIn(qint64 userId, const QString &username);
    //! The token was revoked (here or on another device) or the user logged out; the stored
    //! session is cleared.
    void signedOut();
    void authFailed(msgr::protocol::ErrorCode code, const QString &message);
    //! Offline, the next attempt is in `delayMs` (the backoff, or what the server asked).
    void reconnectScheduled(int delayMs);
    //! The system's word on the network (QNetworkInformation; without a backend it is never
    //! said, and the network counts as reachable): false when no network is up at all, so
    //! "waiting for network" is told apart from a server that does not answer.
    void networkReachableChanged(bool reachable);
    //! How the proxy failed the last attempt (None again once a connection is up, or when the
    //! proxy setting changes), so the banner says "Cannot reach the proxy" and not "Connecting".
    void proxyFailureChanged(msgr::core::ProxyFailure failure);

protected:
    void sendRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                 std::function<void(const RawReply &)> done) override;

private:
    struct PendingAuth {
        bool signUp = false;
        QString username, password, displayName;
    };

    void setupOnThread();
    void setLink(Link link);
    void connectNow();
    void scheduleReconnect();
    void onRefused(TransportSecurity security);
    void onReady();
    void onClosed(int closeCode);
    void authenticate();
    void onAuthAnswer(const api::Reply<api::AuthResult> &reply);
    void onResumeAnswer(const api::Reply<api::AuthResult> &reply);
    void authorize(bool freshLogIn);
    void handleSignedOut();
    void setProxyFailure(ProxyFailure failure);

    storage::ProfileStore *m_store;
    Options m_options;
    ServerConnection *m_connection = nullptr;
    WakeDetector *m_wake = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    ReconnectBackoff m_backoff;
    bool m_allowInsecure = false;
    ProxySettings m_proxy;
    ProxyFailure m_proxyFailure = ProxyFailure::None;
    bool m_stopped = false;
    //! The server asked us to wait (FLOOD_WAIT on auth.resume): the next reconnect waits at
    //! least this long. 0 = only the backoff.
    int m_minReconnectDelayMs = 0;
    Link m_link = Link::Offline;
    std::optional<storage::AccountState> m_account;
    std::optional<PendingAuth> m_pendingAuth;
};

} // namespace msgr::core
