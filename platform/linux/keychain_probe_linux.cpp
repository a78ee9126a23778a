// Linux: QtKeychain talks to the Secret Service (org.freedesktop.secrets: gnome-keyring,
// KeePassXC, KWallet's bridge) over the D-Bus session bus. Both can be missing (a server, a
// container, a minimal desktop), so the probe checks the bus and the service name first.
#include "platform/keychain_probe.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>

namespace msgr::platform {

bool keychainBackendAvailable(QString *why) {
    const QString service = QStringLiteral("org.freedesktop.secrets");
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        // Without an address libdbus may try X11 autolaunch; there is no bus to talk to anyway.
        if (why)
            *why = QStringLiteral("no D-Bus session bus");
        return false;
    }
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()) {
        if (why)
            *why = QStringLiteral("cannot connect to the D-Bus session bus");
        return false;
    }
    if (bus.interface()->isServiceRegistered(service).value())
        return true;
    if (bus.interface()->activatableServiceNames().value().contains(service))
        return true;
    if (why)
        *why = QStringLiteral("no Secret Service on the session bus");
    return false;
}

} // namespace msgr::platform
