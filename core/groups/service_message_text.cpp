#include "core/groups/service_message_text.h"

#include <QCoreApplication>
#include <QStringList>

namespace msgr::core::groups {

namespace {

QString nameOrSomeone(const std::function<QString(qint64)> &nameOf, qint64 userId) {
    const QString name = nameOf ? nameOf(userId) : QString();
    return name.isEmpty() ? QCoreApplication::translate("ServiceMessageText", "someone") : name;
}

QString namesOf(const std::function<QString(qint64)> &nameOf, const QList<qint64> &userIds) {
    QStringList names;
    for (const qint64 id : userIds)
        names.append(nameOrSomeone(nameOf, id));
    if (names.size() <= 1)
        return names.value(0);
    const QString last = names.takeLast();
    return QCoreApplication::translate("ServiceMessageText", "%1 and %2")
        .arg(names.join(QStringLiteral(", ")), last);
}

} // namespace

QString serviceMessageText(const storage::MessageRecord &message,
                           const std::function<QString(qint64 userId)> &nameOf) {
    const QString actor = nameOrSomeone(nameOf, message.senderId);
    switch (message.actionKind) {
    case storage::ActionKind::None:
        return {};
    case storage::ActionKind::GroupCreated:
        return QCoreApplication::translate("ServiceMessageText", "%1 created the group “%2”")
            .arg(actor, message.actionTitle);
    case storage::ActionKind::TitleChanged:
        return QCoreApplication::translate("ServiceMessageText",
                                           "%1 changed the group name to “%2”")
            .arg(actor, message.actionTitle);
    case storage::ActionKind::MembersAdded:
        return QCoreApplication::translate("ServiceMessageText", "%1 added %2")
            .arg(actor, namesOf(nameOf, message.actionUserIds));
    case storage::ActionKind::MemberRemoved:
        return QCoreApplication::translate("ServiceMessageText", "%1 removed %2")
            .arg(actor, namesOf(nameOf, message.actionUserIds));
    case storage::ActionKind::MemberLeft:
        return QCoreApplication::translate("ServiceMessageText", "%1 left the group").arg(actor);
    case storage::ActionKind::UpgradedTo:
        return QCoreApplication::translate("ServiceMessageText",
                                           "%1 upgraded the group to a supergroup")
            .arg(actor);
    case storage::ActionKind::PhotoChanged:
        return QCoreApplication::translate("ServiceMessageText", "%1 changed the group photo")
            .arg(actor);
    case storage::ActionKind::PhotoRemoved:
        return QCoreApplication::translate("ServiceMessageText", "%1 removed the group photo")
            .arg(actor);
    }
    return {};
}

} // namespace msgr::core::groups
