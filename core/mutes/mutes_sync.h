#pragma once
//! What a chatMuted update means locally: the chat's mute becomes the one it carries (its end,
//! or 0: unmuted), so applying it twice or late is harmless. Called by the sync layer inside
//! the store job that also stores the new pts (core/sync/sync_writes.cpp).
//! Storage thread only (inside a job).
#include "protocol/updates.h"
#include "storage/transaction.h"

namespace msgr::core {

struct MutesSync {
    static void apply(storage::WriteTransaction &tx, const protocol::ChatMutedUpdate &update);
};

} // namespace msgr::core
