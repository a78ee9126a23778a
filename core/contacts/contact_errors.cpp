#include "core/contacts/contact_errors.h"

#include <QCoreApplication>

namespace msgr::core {

QString contactErrorText(const QString &code, const QString &serverMessage) {
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("ContactErrors", text);
    };
    if (code == QLatin1String("OFFLINE"))
        return tr("Not connected: try again when online.");
    if (code == QLatin1String("USERNAME_TAKEN"))
        return tr("This username is taken.");
    if (code == QLatin1String("USERNAME_INVALID"))
        return tr("A username is 3-32 characters of a-z, 0-9 and _, starting with a letter.");
    if (code == QLatin1String("NOT_FOUND"))
        return tr("No such user.");
    if (code == QLatin1String("USER_BLOCKED"))
        return tr("Blocked: %1.").arg(serverMessage);
    if (code == QLatin1String("LIMIT_EXCEEDED"))
        return tr("Not now: %1.").arg(serverMessage);
    if (code == QLatin1String("TOO_LARGE"))
        return tr("Too long: \"about\" holds at most 140 characters.");
    return serverMessage;
}

} // namespace msgr::core
