#pragma once
//! The desktop's notification service, one notification per chat: a newer message of the same
//! chat replaces the shown one (as Telegram does), opening the chat withdraws it, and a click on
//! it asks to open the chat. One implementation per OS: on Linux the freedesktop Notifications
//! service over D-Bus (platform/linux/); where none is written yet (portable/) available() is
//! false and nothing is shown.
//!
//! Thread affinity: the thread that makes it (the GUI thread); it never blocks on the bus.
#include <QObject>
#include <QString>
#include <memory>

namespace msgr::platform {

class DesktopNotifications : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    //! Whether notifications can be shown at all on this system.
    virtual bool available() const = 0;
    //! Shows (or replaces) the notification of `chatId`.
    virtual void show(qint64 chatId, const QString &title, const QString &body) = 0;
    //! Removes the notification of `chatId`, if one is shown.
    virtual void withdraw(qint64 chatId) = 0;

signals:
    //! The user clicked the notification of `chatId`.
    void activated(qint64 chatId);
};

//! The implementation of the target system.
std::unique_ptr<DesktopNotifications> createDesktopNotifications(QObject *parent = nullptr);

} // namespace msgr::platform
