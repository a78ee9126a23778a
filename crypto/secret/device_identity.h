#pragma once
//! A device's long-term identity in the secret chats: two SEPARATE key pairs, Ed25519 to sign
//! and X25519 to agree, with the X25519 public key signed by the Ed25519 one so the two travel
//! as one identity (docs/protocol.md says why not one key converted with
//! crypto_sign_ed25519_pk_to_curve25519). Thread-safe (values).
#include "crypto/secret/key_pairs.h"

#include <QByteArray>

namespace msgr::crypto::secret {

inline constexpr qsizetype kIdentityBytes = kEd25519PublicBytes + kX25519Bytes;

//! What a peer knows of a device: both public keys and the binding signature.
struct PublicIdentity {
    QByteArray signingKey;         // Ed25519, 32 bytes
    QByteArray agreementKey;       // X25519, 32 bytes
    QByteArray agreementSignature; // Ed25519(signingKey) over kAgreementKeyLabel || agreementKey

    //! signingKey || agreementKey: the 64 bytes the associated data and the safety number use.
    QByteArray bytes() const { return signingKey + agreementKey; }
    //! None, Malformed (sizes) or BadSignature (the agreement key is not bound to the signer).
    SecretError verify() const;
    friend bool operator==(const PublicIdentity &, const PublicIdentity &) = default;
};

//! The message the identity key signs to bind its agreement key.
QByteArray identityBindingMessage(QByteArrayView agreementKey);

struct DeviceIdentity {
    SigningKeyPair signing;
    X25519KeyPair agreement;
    QByteArray agreementSignature;

    static DeviceIdentity generate();
    //! The identity of fixed secrets (test vectors, a stored identity).
    static DeviceIdentity fromSecrets(QByteArrayView signingSeed, SecureBytes agreementSecret);
    bool isValid() const { return signing.isValid() && agreement.isValid(); }
    PublicIdentity publicIdentity() const {
        return {signing.publicKey, agreement.publicKey, agreementSignature};
    }
};

} // namespace msgr::crypto::secret
