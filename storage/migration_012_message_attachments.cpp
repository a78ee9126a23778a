#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step012MessageAttachments(sql::Database &db) {
    // The files attached to a message, in its order: what a bubble shows before the file is
    // fetched (kind, size, MIME, name, dimensions or duration, the inline thumbnail). A pending
    // message's attachment that is still uploading has no file id yet: upload_id names the
    // uploads row whose finish gives it, so the message is sent once every upload is done,
    // also after a restart. Inside the encrypted database: names and thumbnails say what the
    // user exchanges. Rows go with their message (deleted with it by MessagesTable).
    return db.exec(R"sql(
CREATE TABLE message_attachments(
  local_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  file_id TEXT NOT NULL DEFAULT '',
  kind INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mime TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT -1,
  thumbnail BLOB NOT NULL DEFAULT x'',
  waveform BLOB NOT NULL DEFAULT x'',
  upload_id INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(local_id, position)) WITHOUT ROWID;
CREATE INDEX message_attachments_uploading ON message_attachments(upload_id)
  WHERE upload_id != 0 AND file_id = '';
)sql");
}

} // namespace msgr::storage::migrations
