#include "core/contacts/contact_status_name.h"

namespace msgr::core {

QString contactStatusName(storage::ContactStatus status) {
    switch (status) {
    case storage::ContactStatus::Outgoing:
        return QStringLiteral("outgoing");
    case storage::ContactStatus::Incoming:
        return QStringLiteral("incoming");
    case storage::ContactStatus::Denied:
        return QStringLiteral("denied");
    case storage::ContactStatus::Contact:
        return QStringLiteral("contact");
    case storage::ContactStatus::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace msgr::core
