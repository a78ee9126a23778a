#pragma once
//! What the signed-in user may do to a group, as docs/protocol.md §5 Groups says the server
//! allows, so the UI offers only those actions (the server still decides: a role changed on
//! another device meanwhile is refused with FORBIDDEN and shown as the action's error).
//!
//!   owner .. everything: add, remove anyone, rename, make admin / member, leave
//!   admin .. add, remove plain members, rename, leave
//!   member . leave
//!
//! A role not known yet (storage::ChatRole::Unknown, stored before the client kept roles)
//! offers what an admin may do until chats.list or chatChanged says; not being a member any
//! more (removed, or left) offers nothing. Plain functions, thread-safe.
#include "storage/records.h"

namespace msgr::core::groups {

bool canAddMembers(storage::ChatRole self);
bool canRename(storage::ChatRole self);
//! `self` removing `target` (never oneself: that is leaving).
bool canRemove(storage::ChatRole self, storage::ChatRole target, bool targetIsSelf);
//! `self` making `target` an admin or a member again (the owner's right; not the owner).
bool canSetRole(storage::ChatRole self, storage::ChatRole target, bool targetIsSelf);

//! "owner", "admin", "member" ("" for Unknown): the names QML and msgr-cli show and take.
QString roleName(storage::ChatRole role);

} // namespace msgr::core::groups
