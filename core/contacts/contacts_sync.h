#pragma once
//! What the contacts updates mean locally (docs/protocol.md §14.4): a contactChanged entry
//! replaces the pair's row as a whole, a blockedChanged sets the row's blocked flag; both are
//! idempotent, so a repeated or late update is harmless. Called by the sync layer inside the
//! store job that also stores the new pts (core/sync/sync_writes.cpp), and by ContactsService
//! for the answers to its own calls. Storage thread only (inside a job).
#include "protocol/api/contacts.h"
#include "protocol/updates.h"
#include "storage/tables/contacts_table.h"
#include "storage/transaction.h"

namespace msgr::core {

struct ContactsSync {
    static void apply(storage::WriteTransaction &tx, const protocol::ContactChangedUpdate &update);
    static void apply(storage::WriteTransaction &tx, const protocol::BlockedChangedUpdate &update);
    //! The wire entry as a stored row (blocked left false: the row keeps its own flag).
    static storage::ContactRecord toRecord(const protocol::api::ContactEntry &entry);
    //! Whether any of these updates changes the contacts rows (the page reloads then).
    static bool touchesContacts(const QList<protocol::LoggedUpdate> &updates);
};

} // namespace msgr::core
