#pragma once
//! One side of a Double Ratchet session (Signal's specification, with the constructions of
//! ratchet_kdf.h): X25519 ratchet, XChaCha20-Poly1305 IETF with AD = both identities || the
//! encoded header. decrypt() changes the state only when a message authenticates (it works on
//! a copy and commits it on success), so a forged, tampered or replayed message leaves the
//! session exactly as it was. Not thread-safe: one owner (the secret chat's worker).
#include "crypto/secret/ratchet_message.h"
#include "crypto/secret/ratchet_state.h"

#include <QByteArray>

namespace msgr::crypto::secret {

class RatchetSession {
public:
    //! The initiator after X3DH: its first ratchet key pair against the responder's signed
    //! pre-key. InvalidPublicKey for a small-order key.
    static Result<RatchetSession> initiate(const SecureBytes &sharedSecret,
                                           QByteArray associatedData,
                                           QByteArrayView peerSignedPreKey,
                                           X25519KeyPair ownRatchetKey = X25519KeyPair::generate());
    //! The responder after X3DH: its signed pre-key is its first ratchet key pair; it can send
    //! once it has decrypted the initiator's first message.
    static RatchetSession respond(const SecureBytes &sharedSecret, QByteArray associatedData,
                                  const X25519KeyPair &signedPreKey);
    //! A session from a decoded state (session_state_codec.h).
    static RatchetSession fromState(RatchetState state) { return RatchetSession(std::move(state)); }

    //! The message (header || ciphertext), or NoSendingChain, CounterExhausted, Malformed (a
    //! plaintext over kMaxPlaintextBytes). Advances the sending chain.
    Result<QByteArray> encrypt(QByteArrayView plaintext);
    //! The plaintext, or Malformed, UnsupportedVersion, TooManySkipped, DuplicateOrExpired,
    //! InvalidPublicKey, AuthenticationFailed, CounterExhausted; on any error the state is
    //! unchanged.
    Result<QByteArray> decrypt(QByteArrayView message);

    const RatchetState &state() const { return m_state; }
    qsizetype skippedKeyCount() const { return static_cast<qsizetype>(m_state.skippedKeys.size()); }

private:
    explicit RatchetSession(RatchetState state) : m_state(std::move(state)) {}
    RatchetState m_state;
};

} // namespace msgr::crypto::secret
