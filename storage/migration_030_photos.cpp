#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step030Photos(sql::Database &db) {
    // The current photo of each user, group and channel the account sees (docs/protocol.md
    // §24, storage/tables/photos_table.h): one row per subject, none for a letter avatar. The
    // thumbnail (at most 16 KiB, the server's cap) is kept so a list shows it offline; the
    // file itself is a download like any other (the encrypted media cache). Also looked up by
    // file id, for the avatar image provider's thumbnail.
    return db.exec(R"sql(
CREATE TABLE photos(
  subject_kind INTEGER NOT NULL CHECK(subject_kind IN (0, 1)),
  subject_id INTEGER NOT NULL,
  file_id TEXT NOT NULL,
  thumbnail BLOB NOT NULL DEFAULT x'',
  PRIMARY KEY(subject_kind, subject_id)) WITHOUT ROWID;
CREATE INDEX photos_by_file ON photos(file_id);
)sql");
}

} // namespace msgr::storage::migrations
