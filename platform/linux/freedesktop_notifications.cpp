// Linux: the freedesktop Notifications service (org.freedesktop.Notifications: GNOME Shell,
// KDE Plasma, dunst, mako, ...). Notify with replaces_id keeps one notification per chat; the
// "default" action is what a click on the notification invokes; the desktop-entry hint lets the
// desktop show the app's name and icon and group its notifications. Calls are asynchronous: a
// slow or missing service never stalls the GUI thread.
#include "platform/desktop_notifications.h"
#include "platform/platform_logging.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QHash>
#include <QPointer>
#include <QVariantMap>

namespace msgr::platform {
namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kDefaultAction = QStringLiteral("default");

class FreedesktopNotifications : public DesktopNotifications {
    Q_OBJECT
public:
    explicit FreedesktopNotifications(QObject *parent) : DesktopNotifications(parent) {
        // Without an address libdbus may try X11 autolaunch; there is no desktop to notify.
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            return;
        m_bus = QDBusConnection::sessionBus();
        if (!m_bus.isConnected())
            return;
        m_connected = true;
        m_bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                      SLOT(onActionInvoked(uint, QString)));
        m_bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                      SLOT(onNotificationClosed(uint, uint)));
    }

    bool available() const override { return m_connected; }

    void show(qint64 chatId, const QString &title, const QString &body) override {
        if (!m_connected)
            return;
        QDBusMessage notify =
            QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
        const QVariantMap hints{
            {QStringLiteral("desktop-entry"), QStringLiteral("org.msgr.Messenger")},
            {QStringLiteral("category"), QStringLiteral("im.received")}};
        notify << QStringLiteral("Messenger") << uint(m_ids.value(chatId))
               << QStringLiteral("org.msgr.Messenger") << title << body
               << QStringList{kDefaultAction, tr("Open")} << hints << int(-1);
        auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(notify), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this, chatId](QDBusPendingCallWatcher *call) {
                    call->deleteLater();
                    const QDBusPendingReply<uint> reply = *call;
                    if (reply.isError()) {
                        qCDebug(lcPlatform) << "notification not shown:" << reply.error().name();
                        return;
                    }
                    m_ids.insert(chatId, reply.value());
                });
    }

    void withdraw(qint64 chatId) override {
        const uint id = m_ids.take(chatId);
        if (!m_connected || id == 0)
            return;
        QDBusMessage close = QDBusMessage::createMethodCall(kService, kPath, kInterface,
                                                            QStringLiteral("CloseNotification"));
        close << id;
        m_bus.asyncCall(close);
    }

private slots:
    void onActionInvoked(uint id, const QString &action) {
        if (action != kDefaultAction)
            return;
        if (const qint64 chatId = m_ids.key(id, 0); chatId != 0)
            emit activated(chatId);
    }

    void onNotificationClosed(uint id, uint /*reason*/) {
        if (const qint64 chatId = m_ids.key(id, 0); chatId != 0)
            m_ids.remove(chatId);
    }

private:
    QDBusConnection m_bus{QStringLiteral("none")};
    bool m_connected = false;
    QHash<qint64, uint> m_ids; // chat -> the service's id of its notification
};

} // namespace

std::unique_ptr<DesktopNotifications> createDesktopNotifications(QObject *parent) {
    return std::make_unique<FreedesktopNotifications>(parent);
}

} // namespace msgr::platform

#include "freedesktop_notifications.moc"
