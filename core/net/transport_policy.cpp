#include "core/net/transport_policy.h"

#include <QHostAddress>

namespace msgr::core {

bool isLoopbackHost(const QString &host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    // Only a literal address: QAbstractSocket parses a literal host with the same parser and
    // connects to exactly that address, so what is classified here is what is dialled.
    QHostAddress address;
    if (!address.setAddress(host))
        return false;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool mapped = false;
        const quint32 ipv4 = address.toIPv4Address(&mapped);
        if (mapped)
            return QHostAddress(ipv4).isLoopback();
    }
    return address.isLoopback();
}

TransportSecurity classifyServerUrl(const QUrl &url, bool allowInsecure) {
    if (!url.isValid() || url.host().isEmpty())
        return TransportSecurity::InvalidAddress;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("wss"))
        return TransportSecurity::Encrypted;
    if (scheme != QLatin1String("ws"))
        return TransportSecurity::InvalidAddress;
    if (isLoopbackHost(url.host()))
        return TransportSecurity::Loopback;
    return allowInsecure ? TransportSecurity::InsecureAllowed : TransportSecurity::InsecureRefused;
}

} // namespace msgr::core
