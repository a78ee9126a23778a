#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step021GroupRoles(sql::Database &db) {
    // The signed-in user's role in each chat (storage::ChatRole), as the server's Chat object
    // last said (ownerId, adminIds): the chat view offers a group's owner-and-admin actions
    // (pinning, docs/protocol.md §17.4) only to them. -1 (unknown): stored before this step;
    // the next chats.list or chatChanged fills it in, and until then the actions stay offered
    // (the server still decides).
    return db.exec(R"sql(
ALTER TABLE chats ADD COLUMN self_role INTEGER NOT NULL DEFAULT -1;
)sql");
}

} // namespace msgr::storage::migrations
