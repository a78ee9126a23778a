#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step003SyncBookkeeping(sql::Database &db) {
    // chats.history_complete: the server said there is nothing older than what is stored, so
    //   paging up never asks it again.
    // chats.pending_read_max_id: a read mark the server has not acknowledged yet (0 = none);
    //   sent after the next (re)connect, even after a restart.
    // messages.failed: the server refused this pending message for good; it is never resent.
    return db.exec(R"sql(
ALTER TABLE chats ADD COLUMN history_complete INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN pending_read_max_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_failed ON messages(chat_id) WHERE failed != 0;
)sql");
}

} // namespace msgr::storage::migrations
