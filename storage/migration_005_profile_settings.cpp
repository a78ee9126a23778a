#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step005ProfileSettings(sql::Database &db) {
    // settings: one row (id = 1), one typed column per setting; a new setting is a new step.
    // allow_insecure_transport: the user opted in to unencrypted ws:// to a remote server.
    return db.exec(R"sql(
CREATE TABLE settings(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  allow_insecure_transport INTEGER NOT NULL DEFAULT 0);
)sql");
}

} // namespace msgr::storage::migrations
