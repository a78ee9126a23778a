#pragma once
//! The X3DH key agreement (Signal's specification, with ratchet_kdf.h's KDF): the initiator
//! computes a shared secret from the responder's pre-key bundle while the responder is
//! offline; the responder computes the same one from its private keys and the initiator's
//! identity and ephemeral key. Thread-safe (values).
#include "crypto/secret/pre_key_bundle.h"

#include <QByteArray>
#include <optional>

namespace msgr::crypto::secret {

//! AD = initiator.bytes() || responder.bytes() (128 bytes): both identities, in the roles'
//! order, bound into every message of the session.
QByteArray sessionAssociatedData(const PublicIdentity &initiator, const PublicIdentity &responder);

struct InitiatorAgreement {
    SecureBytes sharedSecret;   // SK
    QByteArray associatedData;  // AD
    QByteArray ephemeralKey;    // EK_A public, sent to the responder
    quint32 signedPreKeyId = 0; // which signed pre-key was used
    std::optional<quint32> oneTimePreKeyId;
};

//! DH1 = DH(IKx_A, SPK_B), DH2 = DH(EK_A, IKx_B), DH3 = DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B)
//! when the bundle has a one-time pre-key; SK = x3dhSecret(DH1 || DH2 || DH3 [|| DH4]). Checks
//! the bundle first (bundle.verify(nowMs)): BadSignature, StaleSignedPreKey, Malformed; then
//! InvalidPublicKey for a small-order key.
Result<InitiatorAgreement> x3dhInitiate(const DeviceIdentity &own, const PreKeyBundle &peer,
                                        qint64 nowMs,
                                        X25519KeyPair ephemeral = X25519KeyPair::generate());

//! The responder's side: the same SK from its identity, the signed pre-key and (when the
//! initiator used one) the one-time pre-key it names, the initiator's identity (its binding
//! signature checked: BadSignature) and ephemeral key.
Result<SecureBytes> x3dhRespond(const DeviceIdentity &own, const SignedPreKey &signedPreKey,
                                const OneTimePreKey *oneTimePreKey, const PublicIdentity &initiator,
                                QByteArrayView ephemeralKey);

} // namespace msgr::crypto::secret
