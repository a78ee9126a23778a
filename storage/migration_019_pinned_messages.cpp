#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step019PinnedMessages(sql::Database &db) {
    // The message pinned in each chat (docs/protocol.md §17.4), as the server last said; 0: none.
    return db.exec(R"sql(
ALTER TABLE chats ADD COLUMN pinned_message_id INTEGER NOT NULL DEFAULT 0;
)sql");
}

} // namespace msgr::storage::migrations
