#pragma once
//! The app's icon in the desktop's tray with the unread count on it (TrayBadge) and in its
//! tooltip. A click shows and raises the window; its menu opens the window or quits. Where the
//! desktop has no tray (a bare window manager, CI), available() is false and nothing is shown:
//! closing the window then quits the app as before.
//!
//! Thread affinity: GUI thread (QSystemTrayIcon). Needs a QApplication.
#include <QIcon>
#include <QObject>
#include <memory>

class QMenu;
class QSystemTrayIcon;

namespace msgr::platform {

class SystemTray : public QObject {
    Q_OBJECT
public:
    explicit SystemTray(const QIcon &icon, QObject *parent = nullptr);
    ~SystemTray() override;

    //! Whether the desktop has a tray to show the icon in.
    bool available() const;
    //! Unread messages in chats that are not muted; redraws the badge when it changes.
    void setUnreadCount(int count);
    int unreadCount() const { return m_count; }

signals:
    //! The user clicked the icon or chose "Open Messenger": show the window.
    void showRequested();
    //! The user chose "Quit".
    void quitRequested();

private:
    QIcon m_icon;
    int m_count = -1;
    std::unique_ptr<QMenu> m_menu;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace msgr::platform
