#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step025PostCommentCounts(sql::Database &db) {
    // The number of comments under each channel post (docs/protocol.md §22), as the last answer
    // or live push said (core/comments/comment_counts.h). A table of its own rather than a
    // column of messages: only posts with comments have a row, and a count changing touches
    // one small row, never a message row and its index entries.
    return db.exec(R"sql(
CREATE TABLE post_comment_counts(
  chat_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  comment_count INTEGER NOT NULL,
  PRIMARY KEY(chat_id, message_id)) WITHOUT ROWID;
)sql");
}

} // namespace msgr::storage::migrations
