#include "core/groups/group_permissions.h"

namespace msgr::core::groups {

namespace {
bool manages(storage::ChatRole self) {
    return self == storage::ChatRole::Owner || self == storage::ChatRole::Admin ||
           self == storage::ChatRole::Unknown;
}
} // namespace

bool canAddMembers(storage::ChatRole self) {
    return manages(self);
}

bool canRename(storage::ChatRole self) {
    return manages(self);
}

bool canRemove(storage::ChatRole self, storage::ChatRole target, bool targetIsSelf) {
    if (targetIsSelf)
        return false;
    if (self == storage::ChatRole::Owner)
        return true;
    return manages(self) && target == storage::ChatRole::Member;
}

bool canSetRole(storage::ChatRole self, storage::ChatRole target, bool targetIsSelf) {
    return self == storage::ChatRole::Owner && !targetIsSelf && target != storage::ChatRole::Owner;
}

QString roleName(storage::ChatRole role) {
    switch (role) {
    case storage::ChatRole::Owner:
        return QStringLiteral("owner");
    case storage::ChatRole::Admin:
        return QStringLiteral("admin");
    case storage::ChatRole::Member:
        return QStringLiteral("member");
    case storage::ChatRole::Unknown:
        break;
    }
    return {};
}

} // namespace msgr::core::groups
