#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step008Uploads(sql::Database &db) {
    // File uploads (tus) in progress or finished: the upload URL and the offset the server
    // confirmed make an upload resume after a restart without resending what was sent; size and
    // mtime tell whether the local file is still the one being sent. Inside the encrypted file
    // because paths and names say what the user sends.
    return db.exec(R"sql(
CREATE TABLE uploads(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  local_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  upload_url TEXT NOT NULL DEFAULT '',
  confirmed_offset INTEGER NOT NULL DEFAULT 0,
  state INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL);
)sql");
}

} // namespace msgr::storage::migrations
