#pragma once
//! Starting a secret chat, both sides: X3DH, the ratchet's first state, and the first message
//! in its pre-key envelope. Neither function changes anything it is given: the responder's
//! caller deletes the used one-time pre-key (usedOneTimePreKeyId) in the same transaction that
//! stores the new session. Thread-safe (values).
#include "crypto/secret/pre_key_message.h"
#include "crypto/secret/ratchet_session.h"
#include "crypto/secret/x3dh.h"

#include <QByteArray>
#include <optional>
#include <vector>

namespace msgr::crypto::secret {

struct StartedSession {
    RatchetSession session;
    QByteArray preKeyMessage; // encodePreKeyMessage() of the first message
};

//! The initiator: verifies `peer` (signatures, age at `nowMs`), runs X3DH and encrypts
//! `firstPlaintext`. The key pairs are parameters so test vectors can fix them.
Result<StartedSession> startSession(const DeviceIdentity &own, const PreKeyBundle &peer,
                                    qint64 nowMs, QByteArrayView firstPlaintext,
                                    X25519KeyPair ephemeral = X25519KeyPair::generate(),
                                    X25519KeyPair firstRatchetKey = X25519KeyPair::generate());

struct AcceptedSession {
    RatchetSession session;
    QByteArray plaintext;
    PublicIdentity peer; // to compare with a known identity (a changed key is flagged upstream)
    std::optional<quint32> usedOneTimePreKeyId;
};

//! The responder: decodes the envelope, finds the signed pre-key among `signedPreKeys`
//! (UnknownSignedPreKey) and the one-time pre-key in `pool` (UnknownOneTimePreKey: used or
//! never issued), runs X3DH and decrypts the first message.
Result<AcceptedSession> acceptSession(const DeviceIdentity &own,
                                      const std::vector<SignedPreKey> &signedPreKeys,
                                      const OneTimePreKeyPool &pool, QByteArrayView preKeyMessage);

} // namespace msgr::crypto::secret
