#include "core/pins/pins_sync.h"

#include "storage/tables/pins_table.h"

namespace msgr::core {

void PinsSync::apply(storage::WriteTransaction &tx, const protocol::PinnedChatsUpdate &update) {
    storage::PinsTable::replace(tx, update.chatIds);
}

} // namespace msgr::core
