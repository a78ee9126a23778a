#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step014SecretAttachments(sql::Database &db) {
    // A secret chat's file (docs/protocol.md §12.8), one per message (messages.local_id): the
    // server's file id (empty while the sender's upload runs), the secretstream key and header,
    // the plaintext's size and BLAKE2b-256, the ciphertext's size and SHA-256 (the download's
    // proof), and on the sender the upload and its temporary ciphertext file until it is sent.
    // The key is a secret: it lives only here, inside the encrypted database, and goes with
    // the message (self-destruct timers delete both in one transaction).
    return db.exec(R"sql(
CREATE TABLE secret_attachments(
  local_id INTEGER PRIMARY KEY,
  file_id TEXT NOT NULL DEFAULT '',
  upload_id INTEGER NOT NULL DEFAULT 0,
  file_key BLOB NOT NULL,
  header BLOB NOT NULL,
  plain_size INTEGER NOT NULL,
  plain_hash BLOB NOT NULL,
  cipher_size INTEGER NOT NULL,
  cipher_sha256 BLOB NOT NULL,
  temp_path TEXT NOT NULL DEFAULT '');
CREATE INDEX secret_attachments_by_file ON secret_attachments(file_id) WHERE file_id <> '';
CREATE INDEX secret_attachments_by_upload ON secret_attachments(upload_id) WHERE upload_id <> 0;
)sql");
}

} // namespace msgr::storage::migrations
