#pragma once
//! What a pinnedChats update means locally: the account's pinned order becomes the one it
//! carries (the whole order, so applying it twice or late is harmless). Called by the sync
//! layer inside the store job that also stores the new pts (core/sync/sync_writes.cpp).
//! Storage thread only (inside a job).
#include "protocol/updates.h"
#include "storage/transaction.h"

namespace msgr::core {

struct PinsSync {
    static void apply(storage::WriteTransaction &tx, const protocol::PinnedChatsUpdate &update);
};

} // namespace msgr::core
