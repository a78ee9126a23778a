#pragma once
//! Everything a Double Ratchet session remembers between two messages (Signal's specification,
//! section 3.2, names in brackets). The secrets are in two guarded buffers (SecureBytes): one
//! block of four keys, and the skipped message keys one after the other. SecureBytes copies
//! SHARE their buffer, so a state is never written in place once built: each step writes a fresh
//! copy and swaps it in, which makes copying a state cheap and leaves the original intact
//! (RatchetSession's copy-on-success relies on it). Two allocations per message at most: a
//! guarded allocation costs an mmap, guard pages and an mlock.
#include "crypto/secret/key_pairs.h"

#include <QByteArray>
#include <vector>

namespace msgr::crypto::secret {

//! Most message keys skipped on one chain by one message (a gap in the numbers); beyond it the
//! message is refused with TooManySkipped and the state is unchanged.
inline constexpr quint32 kMaxSkipPerChain = 500;
//! Most skipped message keys a session keeps; beyond it the oldest are deleted.
inline constexpr qsizetype kMaxSkippedMessageKeys = 1000;
//! Earlier peer ratchet keys remembered so a replay from a finished chain is refused as
//! DuplicateOrExpired rather than starting a (failing) ratchet step.
inline constexpr qsizetype kMaxRetiredRatchetKeys = 16;
//! Associated data of a session: the initiator's then the responder's identity (64 bytes each).
inline constexpr qsizetype kAssociatedDataBytes = 128;

//! Offsets of the 32-byte keys in RatchetState::secrets.
enum class StateKey : qsizetype {
    SendingRatchetSecret = 0, // [DHs] private key
    Root = 32,                // [RK]
    SendingChain = 64,        // [CKs], meaningful when hasSendingChain
    ReceivingChain = 96,      // [CKr], meaningful when hasReceivingChain
};
inline constexpr qsizetype kStateSecretBytes = 128;

//! Where a skipped key belongs; its 32 bytes are at the same index in skippedKeyBytes.
struct SkippedKeyId {
    QByteArray ratchetKey; // the peer's ratchet public key of the chain
    quint32 messageNumber = 0;
    friend bool operator==(const SkippedKeyId &, const SkippedKeyId &) = default;
};

struct RatchetState {
    QByteArray associatedData;                  // [AD] initiator identity || responder identity
    QByteArray sendingRatchetPublic;            // [DHs] public key
    QByteArray receivingRatchetKey;             // [DHr], empty until the peer's key is known
    SecureBytes secrets;                        // kStateSecretBytes, laid out as StateKey
    bool hasSendingChain = false;               // false for a responder until it received
    bool hasReceivingChain = false;             // false for an initiator until it received
    quint32 sendCount = 0;                      // [Ns]
    quint32 receiveCount = 0;                   // [Nr]
    quint32 previousSendCount = 0;              // [PN]
    std::vector<QByteArray> retiredRatchetKeys; // oldest first, at most kMaxRetiredRatchetKeys
    std::vector<SkippedKeyId> skippedKeys;      // oldest first, at most kMaxSkippedMessageKeys
    SecureBytes skippedKeyBytes;                // 32 bytes per skippedKeys entry, same order

    QByteArrayView key(StateKey which) const {
        return secrets.view().sliced(static_cast<qsizetype>(which), 32);
    }
};

} // namespace msgr::crypto::secret
