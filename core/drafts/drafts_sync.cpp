#include "core/drafts/drafts_sync.h"

#include "storage/tables/drafts_table.h"

namespace msgr::core {

void DraftsSync::apply(storage::WriteTransaction &tx, const protocol::DraftUpdate &update) {
    storage::DraftsTable::applyServer(tx, update.chatId, update.text, update.date);
}

} // namespace msgr::core
