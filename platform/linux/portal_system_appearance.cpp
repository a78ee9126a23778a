// Linux: the desktop's light/dark choice from the freedesktop portal
// (org.freedesktop.portal.Settings, key org.freedesktop.appearance color-scheme: 0 no
// preference, 1 dark, 2 light), which GNOME, KDE and others answer without any Qt platform
// theme installed. Asked asynchronously, and followed through SettingChanged, so switching the
// desktop to dark turns the app dark at once.
#include "platform/platform_logging.h"
#include "platform/system_appearance.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

namespace msgr::platform {
namespace {

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kSettingsInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kAppearanceNamespace = QStringLiteral("org.freedesktop.appearance");
const QString kColorSchemeKey = QStringLiteral("color-scheme");

SystemAppearance::Scheme schemeFromPortal(QVariant value) {
    // Read() wraps the value in one more variant than the signal does (portal version 1).
    while (value.canConvert<QDBusVariant>() && value.userType() == qMetaTypeId<QDBusVariant>())
        value = value.value<QDBusVariant>().variant();
    bool ok = false;
    const uint code = value.toUInt(&ok);
    if (!ok)
        return SystemAppearance::Scheme::Unknown;
    switch (code) {
    case 1:
        return SystemAppearance::Scheme::Dark;
    case 2:
        return SystemAppearance::Scheme::Light;
    default:
        return SystemAppearance::Scheme::Unknown;
    }
}

class PortalSystemAppearance : public SystemAppearance {
    Q_OBJECT
public:
    explicit PortalSystemAppearance(QObject *parent) : SystemAppearance(parent) {
        // Without an address libdbus may try X11 autolaunch; there is no desktop to ask anyway.
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            return;
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected())
            return;
        bus.connect(kPortalService, kPortalPath, kSettingsInterface,
                    QStringLiteral("SettingChanged"), this,
                    SLOT(onSettingChanged(QString, QString, QDBusVariant)));
        QDBusMessage read = QDBusMessage::createMethodCall(
            kPortalService, kPortalPath, kSettingsInterface, QStringLiteral("Read"));
        read << kAppearanceNamespace << kColorSchemeKey;
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(read), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this](QDBusPendingCallWatcher *call) {
                    call->deleteLater();
                    const QDBusPendingReply<QDBusVariant> reply = *call;
                    if (reply.isError()) {
                        // No portal, or one without the key: Theme reads the palette.
                        qCDebug(lcPlatform)
                            << "no colour scheme from the portal:" << reply.error().name();
                        return;
                    }
                    setScheme(schemeFromPortal(reply.argumentAt(0)));
                });
    }

private slots:
    void onSettingChanged(const QString &nameSpace, const QString &key, const QDBusVariant &value) {
        if (nameSpace == kAppearanceNamespace && key == kColorSchemeKey)
            setScheme(schemeFromPortal(value.variant()));
    }
};

} // namespace

std::unique_ptr<SystemAppearance> createSystemAppearance(QObject *parent) {
    return std::make_unique<PortalSystemAppearance>(parent);
}

} // namespace msgr::platform

#include "portal_system_appearance.moc"
