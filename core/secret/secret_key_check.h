#pragma once
//! A peer's identity key is never silently replaced (docs/protocol.md §12.6). Each new session
//! names the peer device's identity; the first one seen for that device is accepted (trust on
//! first use, until the safety numbers are compared). A later session with ANOTHER identity for
//! the same device (a reinstalled peer, or a server handing out a substituted key) is a key
//! change: its chat gets a service entry, is flagged, and refuses to send (secret_writes.h,
//! OutgoingText::Refusal::KeyChanged) until the user confirms the new key here, which makes it
//! the accepted one.
//!
//! Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QByteArray>

namespace msgr::core::secret {

//! Called in the job that stores a new session of `chatId`. True: the key changed (flagged).
bool checkPeerIdentity(storage::WriteTransaction &tx, qint64 chatId, qint64 peerUserId,
                       qint64 peerDeviceId, const QByteArray &identity, qint64 nowMs);

enum class ConfirmOutcome { Confirmed, NothingToConfirm, NoSuchChat };

//! The user confirmed the chat's new key (after comparing the safety numbers).
ConfirmOutcome confirmKeyChange(storage::WriteTransaction &tx, qint64 chatId, qint64 nowMs);

} // namespace msgr::core::secret
