#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step016Drafts(sql::Database &db) {
    // The text left unsent in each chat's composer (docs/protocol.md §17.2).
    //   date:  the server's date of the draft once it has acknowledged it; while `dirty`, when
    //          the user wrote it here (local clock).
    //   dirty: written here and not yet acknowledged by the server: sent when online, and never
    //          overwritten by another device's draft meanwhile (the latest local edit wins). A
    //          dirty row with an empty text is a clear still to be sent.
    // Secret chats' drafts (negative ids) stay here only and are never dirty.
    // No foreign key to chats: a draft may arrive (another device, the list) before its chat.
    return db.exec(R"sql(
CREATE TABLE drafts(
  chat_id INTEGER PRIMARY KEY,
  text TEXT NOT NULL,
  date INTEGER NOT NULL,
  dirty INTEGER NOT NULL DEFAULT 0);
)sql");
}

} // namespace msgr::storage::migrations
