#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step029PostComments(sql::Database &db) {
    // The comments of the threads the user opened (docs/protocol.md §22,
    // core/comments/stored_comments.h), so a thread shows offline and after a restart and only
    // catches up online. Keyed by the post: a thread reads its rows in id order in one range.
    return db.exec(R"sql(
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
