#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step009StartAndSearchIndexes(sql::Database &db) {
    // The outbox and the failed-message loads run at every start and ask for their rows in
    // local-id order. With only the older partial indexes (on `pending`, and on `chat_id` for
    // failed rows) SQLite 3.15's planner preferred walking the whole table in rowid order to
    // avoid a sort: ~175 ms each on 1M messages, ahead of the chat list's names. Partial
    // indexes keyed by local_id give the order and hold only the few pending or failed rows, so
    // both loads read a handful of index entries. messages_pending is superseded.
    // messages_by_date: search shows the newest hits first; for a common word it walks this
    // index from the newest message and stops at the page's last hit, instead of sorting every
    // hit (MessagesTable::search). Built once here from the existing rows (about a second for
    // 1M messages, on the storage thread).
    return db.exec(R"sql(
CREATE INDEX messages_outbox ON messages(local_id) WHERE pending != 0;
CREATE INDEX messages_failed_rows ON messages(local_id) WHERE failed != 0;
DROP INDEX messages_pending;
CREATE INDEX messages_by_date ON messages(date);
)sql");
}

} // namespace msgr::storage::migrations
