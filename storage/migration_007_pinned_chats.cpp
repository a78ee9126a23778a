#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step007PinnedChats(sql::Database &db) {
    // The account's pinned chats as the server last said (position 0: the top of the list).
    // No foreign key to chats: the order arrives whole and may name a chat before its row.
    return db.exec(R"sql(
CREATE TABLE pinned_chats(
  chat_id INTEGER PRIMARY KEY,
  position INTEGER NOT NULL);
)sql");
}

} // namespace msgr::storage::migrations
