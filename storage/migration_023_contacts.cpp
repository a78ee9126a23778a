#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step023Contacts(sql::Database &db) {
    // The account's contacts, pending invitations (both ways) and blocked users as the server
    // last said (contacts.list, contacts.listBlocked, contactChanged, blockedChanged), so the
    // Contacts page opens offline. One row per other user: `status` is storage::ContactStatus
    // (0 none .. 4 contact), `blocked` whether this user blocked them; a row with neither is
    // removed. The profile columns are what the last entry carried (the page shows them).
    return db.exec(R"sql(
CREATE TABLE contacts(
  user_id INTEGER PRIMARY KEY,
  status INTEGER NOT NULL DEFAULT 0,
  since INTEGER NOT NULL DEFAULT 0,
  retry_at INTEGER NOT NULL DEFAULT 0,
  blocked INTEGER NOT NULL DEFAULT 0,
  username TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  about TEXT NOT NULL DEFAULT '');
)sql");
}

} // namespace msgr::storage::migrations
