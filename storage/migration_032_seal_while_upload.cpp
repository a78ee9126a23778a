#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step032SealWhileUpload(sql::Database &db) {
    // A secret chat's file is uploaded while it is sealed (core/secret/secret_attachment_file.h):
    // the upload's row exists before its ciphertext does. `growing`: the file is still being
    // written by its producer, so the upload sends only what it was told is there, and checks
    // the file's size and mtime only once it is complete. On the secret attachment: the
    // plaintext file it is sealed from (path, size, mtime: a restart seals it again from the
    // stored key and header only when they are unchanged) and whether the seal finished
    // (`sealed`, when the hashes are known). Rows from before were sealed whole: 1.
    return db.exec(R"sql(
ALTER TABLE uploads ADD COLUMN growing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE secret_attachments ADD COLUMN source_path TEXT NOT NULL DEFAULT '';
ALTER TABLE secret_attachments ADD COLUMN source_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE secret_attachments ADD COLUMN source_mtime_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE secret_attachments ADD COLUMN sealed INTEGER NOT NULL DEFAULT 1;
)sql");
}

} // namespace msgr::storage::migrations
