#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step031CommentOutbox(sql::Database &db) {
    // The comments the user wrote that the server has not confirmed (core/comments/
    // pending_comments.h): kept across a restart and sent once, with their random id, when
    // online. Keyed by the random id (what the server dedups by); `failed`: refused for good,
    // kept until the user retries or drops it.
    return db.exec(R"sql(
CREATE TABLE comment_outbox(
  random_id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL,
  post_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  date INTEGER NOT NULL,
  failed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX comment_outbox_post ON comment_outbox(chat_id, post_id);
)sql");
}

} // namespace msgr::storage::migrations
