#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step026Supergroups(sql::Database &db) {
    // A channel row that is a supergroup (docs/protocol.md §23): every member writes in it and
    // it counts members, not subscribers. The flag is the server's Channel.megagroup.
    return db.exec("ALTER TABLE channels ADD COLUMN megagroup INTEGER NOT NULL DEFAULT 0;");
}

} // namespace msgr::storage::migrations
