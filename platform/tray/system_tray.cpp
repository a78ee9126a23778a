#include "platform/tray/system_tray.h"

#include "platform/tray/tray_badge.h"

#include <QMenu>
#include <QSystemTrayIcon>

namespace msgr::platform {

SystemTray::SystemTray(const QIcon &icon, QObject *parent)
    : QObject(parent), m_icon(icon), m_menu(std::make_unique<QMenu>()) {
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(this);
    m_menu->addAction(tr("Open Messenger"), this, &SystemTray::showRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, &SystemTray::quitRequested);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    emit showRequested();
            });
    setUnreadCount(0);
    m_tray->show();
}

SystemTray::~SystemTray() = default;

bool SystemTray::available() const {
    return m_tray != nullptr;
}

void SystemTray::setUnreadCount(int count) {
    count = qMax(0, count);
    if (count == m_count)
        return;
    m_count = count;
    if (!m_tray)
        return;
    m_tray->setIcon(trayBadgeIcon(m_icon, count));
    m_tray->setToolTip(count == 0 ? tr("Messenger")
                                  : tr("Messenger: %n unread message(s)", nullptr, count));
}

} // namespace msgr::platform
