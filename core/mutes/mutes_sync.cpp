#include "core/mutes/mutes_sync.h"

#include "storage/tables/mutes_table.h"

namespace msgr::core {

void MutesSync::apply(storage::WriteTransaction &tx, const protocol::ChatMutedUpdate &update) {
    storage::MutesTable::set(tx, update.chatId, update.mutedUntil);
}

} // namespace msgr::core
