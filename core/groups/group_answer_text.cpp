#include "core/groups/group_answer_text.h"

#include "core/groups/group_service.h"

#include <QCoreApplication>

namespace msgr::core {

QString groupAnswerText(const GroupAnswer &answer) {
    const QString &code = answer.code;
    if (code == QLatin1String("OFFLINE"))
        return QCoreApplication::translate("GroupAnswerText",
                                           "Not connected: try again when online.");
    if (code == QLatin1String("NOT_FOUND"))
        return QCoreApplication::translate("GroupAnswerText",
                                           "This link is invalid or was revoked.");
    if (code == QLatin1String("FLOOD_WAIT")) {
        // Whole minutes, rounded up: "in 0 minutes" would be wrong.
        const int minutes = int(std::max<qint64>(1, (answer.retryAfterMs + 59'999) / 60'000));
        return QCoreApplication::translate(
            "GroupAnswerText", "Too many attempts. Try again in %n minute(s).", nullptr, minutes);
    }
    if (code == QLatin1String("FORBIDDEN"))
        return QCoreApplication::translate("GroupAnswerText",
                                           "You are not allowed to do this in this group.");
    if (code == QLatin1String("LIMIT_EXCEEDED"))
        return QCoreApplication::translate("GroupAnswerText", "The group is too large for this.");
    if (code == QLatin1String("USER_BLOCKED"))
        return QCoreApplication::translate("GroupAnswerText",
                                           "You cannot join: you or the link's author blocked "
                                           "the other.");
    return answer.message.isEmpty() ? code : answer.message;
}

} // namespace msgr::core
