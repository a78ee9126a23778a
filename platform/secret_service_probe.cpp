#include "platform/secret_service_probe.h"

#if defined(Q_OS_LINUX)
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#endif

namespace msgr::platform {

bool keychainBackendAvailable(QString *why) {
#if defined(Q_OS_LINUX)
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
#else
    Q_UNUSED(why);
    return true;
#endif
}

} // namespace msgr::platform
