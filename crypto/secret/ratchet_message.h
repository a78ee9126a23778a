#pragma once
//! The wire form of one Double Ratchet message: a fixed 41-byte header in the clear (version,
//! the sender's ratchet public key, the previous chain's length, the message number) followed
//! by the XChaCha20-Poly1305 ciphertext and tag. The header is authenticated as associated
//! data. Fixed binary rather than CBOR: it is hashed into the AD byte for byte, so it must have
//! exactly one encoding. Pure, thread-safe.
#include "crypto/secret/secret_error.h"

#include <QByteArray>
#include <QByteArrayView>

namespace msgr::crypto::secret {

inline constexpr quint8 kRatchetMessageVersion = 1;
inline constexpr qsizetype kRatchetHeaderBytes = 1 + 32 + 4 + 4;
inline constexpr qsizetype kAeadTagBytes = 16;
//! Longest plaintext one message carries (text, or an attachment's key and metadata).
inline constexpr qsizetype kMaxPlaintextBytes = 64 * 1024;
inline constexpr qsizetype kMaxRatchetMessageBytes =
    kRatchetHeaderBytes + kMaxPlaintextBytes + kAeadTagBytes;

struct RatchetHeader {
    QByteArray ratchetKey;           // the sender's current X25519 ratchet public key, 32 bytes
    quint32 previousChainLength = 0; // PN: messages the sender sent on its previous chain
    quint32 messageNumber = 0;       // N: this message's number on the current chain
    friend bool operator==(const RatchetHeader &, const RatchetHeader &) = default;
};

QByteArray encodeRatchetHeader(const RatchetHeader &header);
//! The header of exactly kRatchetHeaderBytes bytes, or Malformed / UnsupportedVersion.
Result<RatchetHeader> decodeRatchetHeader(QByteArrayView bytes);

struct RatchetMessage {
    RatchetHeader header;
    QByteArrayView encodedHeader; // the header's bytes inside the message (for the AD)
    QByteArrayView ciphertext;    // the AEAD output: ciphertext || 16-byte tag
};
//! Splits a message (views into `bytes`, which must outlive the result): Malformed when shorter
//! than a header and a tag or longer than kMaxRatchetMessageBytes, or when the header is.
Result<RatchetMessage> splitRatchetMessage(QByteArrayView bytes);

} // namespace msgr::crypto::secret
