#include "storage/migration_steps.h"

namespace msgr::storage::migrations {

bool step024GroupMembersAndServiceMessages(sql::Database &db) {
    // chat_members.role: each member's role in a group (storage::ChatRole: 0 member, 1 admin,
    //   2 owner), as the server's Chat last said (ownerId, adminIds), so the group info page
    //   lists the badges from the store. Rows stored before this step say member until the next
    //   chats.list or chatChanged.
    // messages.action_*: a group's service message (docs/protocol.md §4 MessageAction): its
    //   kind (storage::ActionKind; -1: an ordinary message), the users it names (comma-joined
    //   ids) and the title it names, so the chat shows "Ann added Bob" in the reader's language.
    //   Service messages stored before this step stay blank (their action was not kept).
    return db.exec(R"sql(
ALTER TABLE chat_members ADD COLUMN role INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN action_kind INTEGER NOT NULL DEFAULT -1;
ALTER TABLE messages ADD COLUMN action_user_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN action_title TEXT NOT NULL DEFAULT '';
)sql");
}

} // namespace msgr::storage::migrations
