// No notification service is written for this system yet (Windows' toasts, macOS'
// UserNotifications and the mobile ones need their own code): nothing is shown.
#include "platform/desktop_notifications.h"

namespace msgr::platform {
namespace {

class NoDesktopNotifications : public DesktopNotifications {
public:
    using DesktopNotifications::DesktopNotifications;
    bool available() const override { return false; }
    void show(qint64, const QString &, const QString &) override {}
    void withdraw(qint64) override {}
};

} // namespace

std::unique_ptr<DesktopNotifications> createDesktopNotifications(QObject *parent) {
    return std::make_unique<NoDesktopNotifications>(parent);
}

} // namespace msgr::platform
