#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step029PostCommentsAndChannelAdmins(sql::Database &db) {
    // The comments of the threads the user opened (docs/protocol.md §22,
    // core/comments/stored_comments.h), so a thread shows offline and after a restart and only
    // catches up online. Keyed by the post: a thread reads its rows in id order in one range.
    // And each subscribed channel's admins (besides the owner), as the server last said, so a
    // channel's info page shows them offline: a short list of ids, "1,2,3", read whole.
    return db.exec(R"sql(
ALTER TABLE channels ADD COLUMN admin_ids TEXT NOT NULL DEFAULT '';
CREATE TABLE post_comments(
  chat_id INTEGER NOT NULL,
  post_id INTEGER NOT NULL,
  comment_id INTEGER NOT NULL,
  sender_id INTEGER NOT NULL,
  date INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY(chat_id, post_id, comment_id)) WITHOUT ROWID;
)sql");
}

} // namespace msgr::storage::migrations
