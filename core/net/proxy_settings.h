#pragma once
//! The user's proxy choice (Settings > Proxy, msgr-cli --proxy), as Telegram Desktop offers it:
//! no proxy, the system's proxy, or a SOCKS5 or HTTP (CONNECT) proxy of the user's own. Applied
//! to the sync connection (ServerConnection) and to the media transfers (their
//! QNetworkAccessManager); kept in the encrypted profile (storage's ProfileSettings), since the
//! password is a secret.
//!
//! Value type; any thread. Nothing here touches the disk or the network.
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QString>
#include <QUrl>

namespace msgr::core {

struct ProxySettings {
    //! Stored as its number (storage's settings.proxy_mode): append only, never renumber.
    enum class Mode : int { Off = 0, System = 1, Socks5 = 2, Http = 3 };

    Mode mode = Mode::Off;
    QString host;
    int port = 0;
    QString userName;
    QString password; // secret: only in memory and inside the encrypted profile, never logged

    //! The user typed host and port (SOCKS5 or HTTP).
    bool isCustom() const { return mode == Mode::Socks5 || mode == Mode::Http; }
    bool operator==(const ProxySettings &) const = default;
};

//! Why a custom proxy cannot be used; None when it can (or the mode needs no address).
enum class ProxyInputError {
    None,
    EmptyHost,
    BadHost,
    PortOutOfRange,
    CredentialsTooLong,
    PasswordWithoutUser
};

//! Limits of what the user may type (explicit, so a hostile profile or script cannot feed more).
inline constexpr int kMaxProxyHostChars = 253;       // a DNS name's limit
inline constexpr int kMaxProxyCredentialChars = 255; // SOCKS5 (RFC 1929) carries 255 bytes each

ProxyInputError validateProxy(const ProxySettings &settings);
//! The user-facing sentence for `error` (empty for None).
QString proxyInputErrorText(ProxyInputError error);

//! `socks5://[user[:password]@]host:port` or `http://[user[:password]@]host:port` (msgr-cli's
//! --proxy), and the words `off` and `system`. Sets `error` (a sentence) and returns nothing
//! usable (mode Off) when the text is not one of them or validateProxy() refuses it.
ProxySettings parseProxyUrl(const QString &text, QString *error);

//! The proxy to open a connection to `target` with. Off gives NoProxy explicitly (so the
//! environment's proxy variables change nothing), System asks the system for `target`, a
//! custom proxy is given as it is: set on the socket or the QNetworkAccessManager itself, Qt
//! uses it even for a loopback target (only the application-wide proxy skips loopback). HTTP
//! is tunnelled with CONNECT for every scheme (never a forwarding GET), so the proxy sees only
//! the encrypted bytes of a wss:// or https:// server.
QNetworkProxy networkProxyFor(const ProxySettings &settings, const QUrl &target);

//! Every request of a QNetworkAccessManager goes through `settings` (networkProxyFor() per
//! request, so System asks the system for each address). Owned by the manager it is given to.
class SettingsProxyFactory : public QNetworkProxyFactory {
public:
    explicit SettingsProxyFactory(ProxySettings settings) : m_settings(std::move(settings)) {}
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

private:
    ProxySettings m_settings;
};

//! How the proxy failed the last connection attempt, for the connection banner.
enum class ProxyFailure { None, Unreachable, AuthRefused };

//! The proxy's part in a socket error: None when the error is not the proxy's.
ProxyFailure proxyFailureOf(QAbstractSocket::SocketError error);

} // namespace msgr::core
