#pragma once
//! Encrypts one payload for a secret chat's peer inside the job that stores the advanced
//! ratchet state (secret_writes.h's rule): the envelope to relay, wrapped in the initiator's
//! pre-key message while the peer has not answered. Shared by texts, timer settings and read
//! notices.
//!
//! Storage thread only (inside a job).
#include "core/secret/secret_payload.h"
#include "storage/tables/secret_table.h"
#include "storage/transaction.h"

#include <QByteArray>
#include <optional>

namespace msgr::core::secret {

//! The envelope, the session's new state stored; nullopt with `*error` when the stored state
//! does not decode (`*damaged` set) or the ratchet refuses.
std::optional<QByteArray> sealForPeer(storage::WriteTransaction &tx, storage::SecretSessionRow &row,
                                      const SecretPayload &payload, QString *error, bool *damaged);

} // namespace msgr::core::secret
