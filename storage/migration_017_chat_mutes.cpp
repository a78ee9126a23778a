#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step017ChatMutes(sql::Database &db) {
    // The account's muted chats as the server last said: until when (ms, the server's clock;
    // protocol::api::kMutedForever for "forever"). No foreign key to chats: a chatMuted update
    // may name a chat before its row arrives.
    return db.exec(R"sql(
CREATE TABLE chat_mutes(
  chat_id INTEGER PRIMARY KEY,
  muted_until INTEGER NOT NULL);
)sql");
}

} // namespace msgr::storage::migrations
