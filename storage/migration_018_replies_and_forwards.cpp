#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step018RepliesAndForwards(sql::Database &db) {
    // What a reply quotes and who first wrote a forwarded message (docs/protocol.md §19), as the
    // server filled them in; 0 ids: neither. A pending reply holds the quoted message's server
    // id (sent as replyToId) and the quote as this device saw it until the server's copy comes.
    return db.exec(R"sql(
ALTER TABLE messages ADD COLUMN reply_to_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reply_sender_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reply_excerpt TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN forward_sender_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN forward_sender_name TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN forward_date INTEGER NOT NULL DEFAULT 0;
)sql");
}

} // namespace msgr::storage::migrations
