#pragma once
//! A secret chat's events written into its history as service entries (sender 0, with a row
//! of secret_service_entries naming the kind): a changed key of the peer, its confirmation, a
//! timer set by either side. The text is written in the user's language at the time (the
//! history is on this device only), so every view and msgr-cli show it as it is.
//!
//! Storage thread only (inside a job).
#include "storage/records.h"
#include "storage/tables/secret_state_table.h"
#include "storage/transaction.h"

namespace msgr::core::secret {

//! The entry's text: "The safety number changed...", "Self-destruct timer: 5 s"...
QString serviceText(storage::SecretServiceKind kind, qint64 value, bool bySelf);
//! Stores the entry as the chat's newest message (read already: it is not a message to
//! answer) and returns its row.
storage::MessageRecord addServiceEntry(storage::WriteTransaction &tx, qint64 chatId,
                                       storage::SecretServiceKind kind, qint64 value, bool bySelf,
                                       qint64 nowMs);

} // namespace msgr::core::secret
