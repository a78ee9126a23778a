#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step011Downloads(sql::Database &db) {
    // File downloads into the encrypted media cache: the file's ETag and how far the cache
    // file is committed (plaintext bytes, bytes on disk, the secretstream's state after them)
    // make a download resume after a restart with Range/If-Range; file_key is the cache file's
    // own key. Inside the encrypted database because keys and state are secrets and names say
    // what the user receives.
    return db.exec(R"sql(
CREATE TABLE downloads(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  cache_name TEXT NOT NULL,
  file_key BLOB NOT NULL,
  stream_state BLOB NOT NULL DEFAULT x'',
  plain_bytes INTEGER NOT NULL DEFAULT 0,
  file_bytes INTEGER NOT NULL DEFAULT 0,
  state INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL);
)sql");
}

} // namespace msgr::storage::migrations
