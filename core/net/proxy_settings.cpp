#include "core/net/proxy_settings.h"

#include <QCoreApplication>
#include <QNetworkProxyQuery>

namespace msgr::core {
namespace {

QString trProxy(const char *text) {
    return QCoreApplication::translate("msgr::core::ProxySettings", text);
}

} // namespace

ProxyInputError validateProxy(const ProxySettings &settings) {
    if (!settings.isCustom())
        return ProxyInputError::None;
    const QString host = settings.host.trimmed();
    if (host.isEmpty())
        return ProxyInputError::EmptyHost;
    // A host name or an address, nothing else: no scheme, path, spaces or user info sneaks in.
    const bool ipv6 = host.count(QLatin1Char(':')) > 1;
    const QUrl probe(QStringLiteral("proxy://") + (ipv6 ? u'[' + host + u']' : host));
    if (host.size() > kMaxProxyHostChars || !probe.isValid() || probe.host().isEmpty() ||
        host.contains(QLatin1Char('/')) || host.contains(QLatin1Char('@')) ||
        host.contains(QLatin1Char(' ')) ||
        (host.count(QLatin1Char(':')) == 1)) // a port typed into the host field
        return ProxyInputError::BadHost;
    if (settings.port < 1 || settings.port > 65535)
        return ProxyInputError::PortOutOfRange;
    if (settings.userName.size() > kMaxProxyCredentialChars ||
        settings.password.size() > kMaxProxyCredentialChars)
        return ProxyInputError::CredentialsTooLong;
    if (settings.userName.isEmpty() && !settings.password.isEmpty())
        return ProxyInputError::PasswordWithoutUser;
    return ProxyInputError::None;
}

QString proxyInputErrorText(ProxyInputError error) {
    switch (error) {
    case ProxyInputError::None:
        break;
    case ProxyInputError::EmptyHost:
        return trProxy(QT_TRANSLATE_NOOP("msgr::core::ProxySettings",
                                         "Enter the proxy's host name or address"));
    case ProxyInputError::BadHost:
        return trProxy(QT_TRANSLATE_NOOP("msgr::core::ProxySettings",
                                         "The proxy's host is not a valid host name or address"));
    case ProxyInputError::PortOutOfRange:
        return trProxy(QT_TRANSLATE_NOOP("msgr::core::ProxySettings",
                                         "The proxy's port is a number from 1 to 65535"));
    case ProxyInputError::CredentialsTooLong:
        return trProxy(QT_TRANSLATE_NOOP(
                           "msgr::core::ProxySettings",
                           "The proxy's user name and password have at most %1 characters each"))
            .arg(kMaxProxyCredentialChars);
    case ProxyInputError::PasswordWithoutUser:
        return trProxy(
            QT_TRANSLATE_NOOP("msgr::core::ProxySettings", "A proxy password needs a user name"));
    }
    return {};
}

ProxySettings parseProxyUrl(const QString &text, QString *error) {
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0)
        return {};
    if (trimmed.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0)
        return {ProxySettings::Mode::System, {}, 0, {}, {}};
    const QUrl url(trimmed, QUrl::StrictMode);
    ProxySettings settings;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("socks5")) {
        settings.mode = ProxySettings::Mode::Socks5;
    } else if (scheme == QLatin1String("http")) {
        settings.mode = ProxySettings::Mode::Http;
    } else {
        *error = trProxy(
            QT_TRANSLATE_NOOP("msgr::core::ProxySettings",
                              "A proxy is socks5://host:port or http://host:port (with an optional "
                              "user:password@), \"system\" or \"off\""));
        return {};
    }
    if (!url.isValid() || (!url.path().isEmpty() && url.path() != QLatin1String("/")) ||
        url.hasQuery() || url.hasFragment()) {
        *error = trProxy(
            QT_TRANSLATE_NOOP("msgr::core::ProxySettings", "The proxy address is not valid"));
        return {};
    }
    settings.host = url.host();
    settings.port = url.port(-1);
    settings.userName = url.userName(QUrl::FullyDecoded);
    settings.password = url.password(QUrl::FullyDecoded);
    if (const ProxyInputError bad = validateProxy(settings); bad != ProxyInputError::None) {
        *error = proxyInputErrorText(bad);
        return {};
    }
    return settings;
}

QNetworkProxy networkProxyFor(const ProxySettings &settings, const QUrl &target) {
    switch (settings.mode) {
    case ProxySettings::Mode::Off:
        break;
    case ProxySettings::Mode::System: {
        // The system's answer for this very address (its exceptions and PAC included); the
        // first it offers, as a browser would.
        const QList<QNetworkProxy> proxies =
            QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
        return proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.first();
    }
    case ProxySettings::Mode::Socks5:
        return QNetworkProxy(QNetworkProxy::Socks5Proxy, settings.host.trimmed(),
                             quint16(settings.port), settings.userName, settings.password);
    case ProxySettings::Mode::Http: {
        QNetworkProxy proxy(QNetworkProxy::HttpProxy, settings.host.trimmed(),
                            quint16(settings.port), settings.userName, settings.password);
        // Without CachingCapability QNetworkAccessManager tunnels http:// too (CONNECT) instead
        // of sending the request to the proxy in the clear.
        proxy.setCapabilities(QNetworkProxy::TunnelingCapability |
                              QNetworkProxy::HostNameLookupCapability);
        return proxy;
    }
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

QList<QNetworkProxy> SettingsProxyFactory::queryProxy(const QNetworkProxyQuery &query) {
    return {networkProxyFor(m_settings, query.url())};
}

ProxyFailure proxyFailureOf(QAbstractSocket::SocketError error) {
    switch (error) {
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return ProxyFailure::AuthRefused;
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError:
        return ProxyFailure::Unreachable;
    default:
        return ProxyFailure::None;
    }
}

} // namespace msgr::core
