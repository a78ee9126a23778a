#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step015MessageEdits(sql::Database &db) {
    // messages.edited_at: when the sender last edited the message (docs/protocol.md §16), 0 when
    //   never; the bubble shows "edited". Deleted messages need no column: their rows go (with
    //   their attachments and search entries).
    return db.exec("ALTER TABLE messages ADD COLUMN edited_at INTEGER NOT NULL DEFAULT 0;");
}

} // namespace msgr::storage::migrations
