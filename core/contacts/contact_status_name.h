#pragma once
//! The name QML sees for a relation with another user ("contact", "incoming", ...): one
//! spelling for the Contacts page and the profile page, which both branch on it.
#include "storage/tables/contacts_table.h"

#include <QString>

namespace msgr::core {

QString contactStatusName(storage::ContactStatus status);

} // namespace msgr::core
