#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step022Channels(sql::Database &db) {
    // One row per channel the account is subscribed to (docs/protocol.md §15): what the chat row
    // (chats.kind = 2) does not hold, and `pts`, the last entry of the CHANNEL's own log whose
    // effect is stored (core/channels/channel_log.h). The posts themselves are messages of the
    // channel's chat. `role`: storage::ChatRole of the signed-in user.
    return db.exec(R"sql(
CREATE TABLE channels(
  chat_id INTEGER PRIMARY KEY,
  pts INTEGER NOT NULL DEFAULT 0,
  about TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  owner_id INTEGER NOT NULL DEFAULT 0,
  subscriber_count INTEGER NOT NULL DEFAULT 0,
  role INTEGER NOT NULL DEFAULT 0,
  muted INTEGER NOT NULL DEFAULT 0);
)sql");
}

} // namespace msgr::storage::migrations
