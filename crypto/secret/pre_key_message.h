#pragma once
//! The first message of a secret chat: what the responder needs to run X3DH (the initiator's
//! identity, its ephemeral key, which pre-keys it used) around the first ratchet message. The
//! initiator sends every message in this envelope until the first reply arrives, so whichever
//! arrives first can open the session. CBOR, decoded strictly from untrusted bytes. Pure.
#include "crypto/secret/device_identity.h"
#include "crypto/secret/ratchet_message.h"

#include <QByteArray>
#include <optional>

namespace msgr::crypto::secret {

inline constexpr qint64 kPreKeyMessageVersion = 1;
inline constexpr qsizetype kMaxPreKeyMessageBytes = kMaxRatchetMessageBytes + 512;

struct PreKeyMessage {
    PublicIdentity initiator;
    QByteArray ephemeralKey; // EK_A, X25519, 32 bytes
    quint32 signedPreKeyId = 0;
    std::optional<quint32> oneTimePreKeyId;
    QByteArray message; // the ratchet message (ratchet_message.h)
    friend bool operator==(const PreKeyMessage &, const PreKeyMessage &) = default;
};

QByteArray encodePreKeyMessage(const PreKeyMessage &message);
//! The envelope, or Malformed / UnsupportedVersion (the inner message's header is checked too).
Result<PreKeyMessage> decodePreKeyMessage(QByteArrayView bytes);

} // namespace msgr::crypto::secret
