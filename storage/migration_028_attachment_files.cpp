#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step028AttachmentFiles(sql::Database &db) {
    // A deleted message's file is dropped from the media cache when no other stored message
    // carries it (AttachmentsTable::removeReleasing): that check is a lookup by file id.
    return db.exec("CREATE INDEX message_attachments_by_file ON message_attachments(file_id) "
                   "WHERE file_id <> '';");
}

} // namespace msgr::storage::migrations
