#pragma once
//! The stored form of a RatchetState, for the encrypted database (the message, the state and
//! the pts in one transaction). A fixed binary layout (docs/protocol.md, "Secret chats:
//! cryptography") written straight into guarded memory: a CBOR encoder would leave copies of
//! the root, chain and message keys in ordinary heap buffers it frees without wiping. The
//! decoder takes untrusted bytes (a damaged database) and checks every size, flag and count,
//! that absent keys are zero, and that the ratchet public key belongs to its secret. Pure,
//! thread-safe.
#include "crypto/secret/ratchet_state.h"
#include "crypto/secret/secret_error.h"

namespace msgr::crypto::secret {

inline constexpr quint8 kRatchetStateVersion = 1;
inline constexpr qsizetype kMaxRatchetStateBytes =
    2 + kAssociatedDataBytes + 32 + kStateSecretBytes + 32 + 12 + 2 + kMaxRetiredRatchetKeys * 32 +
    2 + kMaxSkippedMessageKeys * (32 + 4 + 32);

SecureBytes encodeRatchetState(const RatchetState &state);
//! The state, or Malformed (sizes, flags, counts, trailing bytes, a public key that is not the
//! secret's) or UnsupportedVersion.
Result<RatchetState> decodeRatchetState(QByteArrayView bytes);

} // namespace msgr::crypto::secret
