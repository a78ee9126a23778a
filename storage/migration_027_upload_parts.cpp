#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step027UploadParts(sql::Database &db) {
    // A large file is sent as several tus partial uploads at once (concatenation, docs/protocol.md
    // §9), then one final upload names them. Each partial's URL and confirmed offset are kept
    // like an ordinary upload's (uploads, schema 8), so every part resumes after a restart
    // without resending what the server confirmed. The split is fixed when the first part is
    // created. Rows go with their upload (ON DELETE CASCADE; the profile has foreign keys on).
    return db.exec(R"sql(
CREATE TABLE upload_parts(
  upload_id INTEGER NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  begin_offset INTEGER NOT NULL,
  length INTEGER NOT NULL,
  upload_url TEXT NOT NULL DEFAULT '',
  confirmed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(upload_id, idx)) WITHOUT ROWID;
)sql");
}

} // namespace msgr::storage::migrations
