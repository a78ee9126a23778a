#include "core/contacts/contact_errors.h"

#include <QCoreApplication>

namespace msgr::core {

QString contactErrorText(const QString &code, const QString &serverMessage) {
    if (code == QLatin1String("OFFLINE"))
        return QCoreApplication::translate("ContactErrors",
                                           "Not connected: try again when online.");
    if (code == QLatin1String("USERNAME_TAKEN"))
        return QCoreApplication::translate("ContactErrors", "This username is taken.");
    if (code == QLatin1String("USERNAME_INVALID"))
        return QCoreApplication::translate(
            "ContactErrors",
            "A username is 3-32 characters of a-z, 0-9 and _, starting with a letter.");
    if (code == QLatin1String("NOT_FOUND"))
        return QCoreApplication::translate("ContactErrors", "No such user.");
    if (code == QLatin1String("USER_BLOCKED"))
        return QCoreApplication::translate("ContactErrors", "Blocked: %1.").arg(serverMessage);
    if (code == QLatin1String("LIMIT_EXCEEDED"))
        return QCoreApplication::translate("ContactErrors", "Not now: %1.").arg(serverMessage);
    if (code == QLatin1String("TOO_LARGE"))
        return QCoreApplication::translate("ContactErrors",
                                           "Too long: \"about\" holds at most 140 characters.");
    return serverMessage;
}

} // namespace msgr::core
