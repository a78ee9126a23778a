#pragma once
//! What a `draft` update means locally (docs/protocol.md §17.2): the chat's draft becomes the
//! one it carries (cleared when empty), unless this device has an edit of its own still to send.
//! Called by the sync layer inside the store job that also stores the new pts
//! (core/sync/sync_writes.cpp). Storage thread only (inside a job).
#include "protocol/updates.h"
#include "storage/transaction.h"

namespace msgr::core {

struct DraftsSync {
    static void apply(storage::WriteTransaction &tx, const protocol::DraftUpdate &update);
};

} // namespace msgr::core
