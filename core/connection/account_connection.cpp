#include "core/connection/account_connection.h"

#include "core/net/server_connection.h"
#include "core/net/wake_detector.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

#include <QLoggingCategory>
#include <QNetworkInformation>
#include <QPointer>
#include <QTimer>
#include <algorithm>

Q_LOGGING_CATEGORY(lcAccountLink, "msgr.core.account_link")

namespace msgr::core {

AccountConnection::AccountConnection(storage::ProfileStore *store, Options options, QObject *parent)
    : RequestChannel(parent), m_store(store), m_options(std::move(options)),
      m_backoff(m_options.firstReconnectDelayMs) {}

AccountConnection::~AccountConnection() = default;

// ---------------------------------------------------------------- commands

void AccountConnection::start() {
    setupOnThread();
    m_stopped = false;
    // Told at once, before any sign-in is attempted, so the UI can say why it cannot connect.
    const TransportSecurity security = classifyServerUrl(m_options.serverUrl, m_allowInsecure);
    if (!mayConnect(security))
        onRefused(security);
    m_store->read([](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); },
                  this,
                  [this](std::optional<storage::AccountState> account) {
                      if (account && !account->token.isEmpty()) {
                          m_account = account;
                          emit signedIn(account->userId, account->username);
                          connectNow();
                      } else {
                          emit needsSignIn();
                      }
                  });
}

void AccountConnection::shutdown() {
    m_stopped = true;
    if (m_reconnectTimer)
        m_reconnectTimer->stop();
    if (m_connection)
        m_connection->abort();
}

void AccountConnection::signUp(const QString &username, const QString &password,
                               const QString &displayName) {
    setupOnThread();
    m_pendingAuth = PendingAuth{true, username, password, displayName};
    if (m_connection->isReady())
        authenticate();
    else
        connectNow();
}

void AccountConnection::logIn(const QString &username, const QString &password) {
    setupOnThread();
    m_pendingAuth = PendingAuth{false, username, password, {}};
    if (m_connection->isReady())
        authenticate();
    else
        connectNow();
}

void AccountConnection::logOut() {
    if (!isAuthorized()) {
        handleSignedOut();
        return;
    }
    // The server answers, then closes with 4001, which signs us out in onClosed().
    m_connection->call(api::LogOut{}, this, [this](const api::Reply<api::Empty> &reply) {
        if (!reply.ok())
            handleSignedOut();
    });
}

void AccountConnection::resync(const QString &reason) {
    if (!m_account || m_stopped || !m_connection)
        return;
    qCInfo(lcAccountLink) << "resync:" << reason;
    // After a sleep or a network change the old socket is often silently dead: start over.
    m_backoff.reset();
    if (m_connection->isReady())
        m_connection->abort(); // onClosed() reconnects
    else
        connectNow();
}

void AccountConnection::reconnectNow() {
    if (!m_account || m_stopped || !m_connection || m_link != Link::Offline)
        return;
    qCInfo(lcAccountLink) << "reconnecting now: the user asked";
    connectNow();
}

void AccountConnection::restart() {
    if (m_connection && m_connection->isReady())
        m_connection->abort(); // onClosed() reconnects after the backoff
}

void AccountConnection::setAllowInsecureTransport(bool allow) {
    if (m_allowInsecure == allow)
        return;
    m_allowInsecure = allow;
    if (!m_connection)
        return; // not started: start() applies it
    m_connection->setAllowInsecureTransport(allow);
    const TransportSecurity security = classifyServerUrl(m_options.serverUrl, allow);
    qCInfo(lcAccountLink) << "unencrypted ws:// to another machine"
                          << (allow ? "allowed" : "refused");
    if (!mayConnect(security)) {
        // Withdrawn while connected that way: drop the connection now, not at the next
        // reconnect. onClosed() then tries to reconnect and is refused.
        if (m_link != Link::Refused && m_link != Link::Offline)
            m_connection->abort();
        onRefused(security);
    } else if (m_link == Link::Refused) {
        setLink(Link::Offline);
        m_backoff.reset();
        if (m_account)
            connectNow();
    }
}

void AccountConnection::setProxy(const ProxySettings &proxy) {
    if (m_proxy == proxy)
        return;
    m_proxy = proxy;
    setProxyFailure(ProxyFailure::None);
    if (!m_connection)
        return; // not started: setupOnThread() applies it
    m_connection->setProxy(proxy);
    qCInfo(lcAccountLink) << "proxy changed (mode" << int(proxy.mode) << ")";
    if (m_stopped || m_link == Link::Refused || (!m_account && !m_pendingAuth))
        return; // the next dial uses it
    m_backoff.reset();
    if (m_link != Link::Offline) {
        // A socket through the old proxy (or none) must not stay: drop it and dial again. A
        // sign-in in progress is kept and sent again on the new socket.
        const std::optional<PendingAuth> auth = std::exchange(m_pendingAuth, std::nullopt);
        m_connection->abort(); // onClosed(): Offline, a reconnect is scheduled
        m_pendingAuth = auth;
    }
    connectNow();
}

void AccountConnection::setProxyFailure(ProxyFailure failure) {
    if (m_proxyFailure == failure)
        return;
    m_proxyFailure = failure;
    emit proxyFailureChanged(failure);
}

void AccountConnection::sendRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                                std::function<void(const RawReply &)> done) {
    if (isAuthorized()) {
        m_connection->callRaw(method, args, context, std::move(done));
        return;
    }
    // Answered on the next turn of the event loop, never inside call(): a feature's state
    // (a send marked in flight, say) is consistent before its callback runs.
    QPointer<QObject> receiver(context);
    const bool hasContext = context != nullptr;
    QMetaObject::invokeMethod(
        this,
        [receiver, hasContext, done = std::move(done)] {
            if (hasContext && !receiver)
                return;
            RawReply lost;
            lost.connectionLost = true;
            lost.error.message = QStringLiteral("not signed in");
            done(lost);
        },
        Qt::QueuedConnection);
}

// ---------------------------------------------------------------- life cycle

void AccountConnection::setupOnThread() {
    if (m_connection)
        return;
    m_connection = new ServerConnection(this);
    m_connection->setAllowInsecureTransport(m_allowInsecure);
    m_connection->setProxy(m_proxy);
    connect(m_connection, &ServerConnection::refused, this, &AccountConnection::onRefused);
    connect(m_connection, &ServerConnection::proxyFailed, this,
            &AccountConnection::setProxyFailure);
    connect(m_connection, &ServerConnection::ready, this, &AccountConnection::onReady);
    connect(m_connection, &ServerConnection::closed, this, &AccountConnection::onClosed);
    connect(m_connection, &ServerConnection::updateReceived, this,
            [this](const protocol::UpdateFrame &frame) {
                if (isAuthorized())
                    emit updateReceived(frame);
            });

    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &AccountConnection::connectNow);

    m_wake = new WakeDetector(this);
    connect(m_wake, &WakeDetector::wokeUp, this,
            [this](qint64 ms) { resync(QStringLiteral("clock jumped %1 ms").arg(ms)); });

    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        const auto reachable = [](QNetworkInformation::Reachability r) {
            return r != QNetworkInformation::Reachability::Disconnected;
        };
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this, reachable](QNetworkInformation::Reachability r) {
                    emit networkReachableChanged(reachable(r));
                    if (r == QNetworkInformation::Reachability::Online ||
                        r == QNetworkInformation::Reachability::Site)
                        resync(QStringLiteral("network reachable"));
                });
        emit networkReachableChanged(reachable(QNetworkInformation::instance()->reachability()));
    } else {
        qCInfo(lcAccountLink) << "no network-information backend: relying on keepalive and backoff";
    }
}

void AccountConnection::setLink(Link link) {
    if (m_link == link)
        return;
    const bool wasAuthorized = m_link == Link::Authorized;
    m_link = link;
    if (wasAuthorized)
        emit unauthorized();
    emit linkChanged();
}

void AccountConnection::connectNow() {
    if (m_stopped)
        return;
    m_reconnectTimer->stop();
    // ServerConnection refuses such an address too; checking here first keeps the state from
    // flickering through Connecting.
    const TransportSecurity security = classifyServerUrl(m_options.serverUrl, m_allowInsecure);
    if (!mayConnect(security)) {
        onRefused(security);
        return;
    }
    setLink(Link::Connecting);
    m_connection->open(m_options.serverUrl);
}

void AccountConnection::onRefused(TransportSecurity security) {
    m_reconnectTimer->stop();
    setLink(Link::Refused);
    if (m_pendingAuth) {
        m_pendingAuth.reset();
        emit authFailed(protocol::ErrorCode::Internal,
                        security == TransportSecurity::InsecureRefused
                            ? tr("The server address is not encrypted (ws://); "
                                 "connecting to it was refused")
                            : tr("The server address is not a ws:// or wss:// address"));
    }
}

void AccountConnection::scheduleReconnect() {
    if (m_stopped || !m_account || m_link == Link::Refused)
        return;
    const int delay = qMax(m_backoff.nextDelayMs(), m_minReconnectDelayMs);
    m_minReconnectDelayMs = 0;
    qCInfo(lcAccountLink) << "reconnecting in" << delay << "ms";
    m_reconnectTimer->start(delay);
    emit reconnectScheduled(delay);
}

void AccountConnection::onReady() {
    setProxyFailure(ProxyFailure::None);
    if (m_account || m_pendingAuth)
        authenticate();
}

void AccountConnection::onClosed(int closeCode) {
    const bool wasAuthorized = isAuthorized();
    setLink(Link::Offline);
    if (closeCode == protocol::CloseRevoked) {
        handleSignedOut();
        return;
    }
    if (m_pendingAuth && !wasAuthorized) {
        m_pendingAuth.reset();
        emit authFailed(protocol::ErrorCode::Internal,
                        m_proxyFailure == ProxyFailure::AuthRefused
                            ? tr("The proxy refused the user name or password")
                        : m_proxyFailure == ProxyFailure::Unreachable
                            ? tr("Cannot reach the proxy")
                            : tr("Cannot reach the server"));
        return;
    }
    scheduleReconnect();
}

// ---------------------------------------------------------------- authorization

void AccountConnection::authenticate() {
    if (m_pendingAuth) {
        const PendingAuth &auth = *m_pendingAuth;
        auto done = [this](const api::Reply<api::AuthResult> &reply) { onAuthAnswer(reply); };
        if (auth.signUp)
            m_connection->call(
                api::SignUp{auth.username, auth.password, m_options.deviceName, auth.displayName},
                this, done);
        else
            m_connection->call(api::LogIn{auth.username, auth.password, m_options.deviceName}, this,
                               done);
        return;
    }
    if (!m_account)
        return;
    m_connection->call(api::Resume{m_account->token}, this,
                       [this](const api::Reply<api::AuthResult> &reply) { onResumeAnswer(reply); });
}

void AccountConnection::onAuthAnswer(const api::Reply<api::AuthResult> &reply) {
    const std::optional<PendingAuth> requested = std::exchange(m_pendingAuth, std::nullopt);
    if (!reply.ok()) {
        emit authFailed(reply.error.code,
                        reply.connectionLost ? tr("Cannot reach the server") : reply.error.message);
        return;
    }
    storage::AccountState account;
    account.userId = reply.value->userId;
    account.deviceId = reply.value->deviceId;
    account.token = reply.value->token;
    account.username = requested ? requested->username : QString();
    // pts 0: the account log's reload stores the real position with the chats it belongs to.
    account.pts = 0;
    m_account = account;
    m_store->write(
        [account](storage::WriteTransaction &tx) { storage::AccountTable::save(tx, account); });
    emit signedIn(account.userId, account.username);
    qCInfo(lcAccountLink) << "signed in as user" << account.userId << "server pts"
                          << reply.value->pts;
    authorize(true);
}

void AccountConnection::onResumeAnswer(const api::Reply<api::AuthResult> &reply) {
    if (reply.ok()) {
        qCInfo(lcAccountLink) << "resumed as user" << reply.value->userId << "server pts"
                              << reply.value->pts;
        authorize(false);
    } else if (reply.error.code == protocol::ErrorCode::Unauthorized && !reply.connectionLost) {
        // Only the server's word that the token is unknown or revoked signs out (and close code
        // 4001, in onClosed()).
        qCInfo(lcAccountLink) << "stored session is no longer valid";
        handleSignedOut();
    } else if (!reply.connectionLost) {
        // INTERNAL (e.g. the server could not read its store), FLOOD_WAIT, a malformed answer,
        // anything else: the token may well be valid. Keep it and try again on a fresh
        // connection, after the backoff (and at least what the server asked).
        qCInfo(lcAccountLink) << "resume failed, keeping the session and retrying:"
                              << protocol::errorCodeName(reply.error.code) << reply.error.message;
        if (reply.error.code == protocol::ErrorCode::FloodWait)
            m_minReconnectDelayMs =
                int(std::clamp<qint64>(reply.error.retryAfterMs, 0, ReconnectBackoff::kMaxMs));
        m_connection->abort();
    }
}

void AccountConnection::authorize(bool freshLogIn) {
    m_backoff.reset();
    setLink(Link::Authorized);
    emit authorized(freshLogIn);
}

void AccountConnection::handleSignedOut() {
    const bool hadAccount = m_account.has_value();
    m_account.reset();
    setLink(Link::Offline);
    if (m_reconnectTimer)
        m_reconnectTimer->stop();
    m_store->write([](storage::WriteTransaction &tx) { storage::AccountTable::clear(tx); });
    if (m_connection && m_connection->isReady())
        m_connection->abort();
    if (hadAccount)
        emit signedOut();
}

} // namespace msgr::core
