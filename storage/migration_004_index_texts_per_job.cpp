#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step004IndexTextsPerJob(sql::Database &db) {
    // StoreWriter now adds inserted texts to messages_fts itself, all of a write job's at once:
    // a trigger made every message INSERT open a statement savepoint, and FTS4 writes a new
    // index segment at each savepoint. The index content is unchanged; update and delete keep
    // their triggers.
    return db.exec("DROP TRIGGER messages_fts_after_insert;");
}

} // namespace msgr::storage::migrations
