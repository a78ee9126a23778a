#include "crypto/secret/x3dh.h"

#include "crypto/secret/ratchet_kdf.h"

#include <initializer_list>

namespace msgr::crypto::secret {
namespace {

struct Agreement {
    const SecureBytes &secret;
    QByteArrayView peerPublic;
};

//! DH1 || DH2 || ..., computed straight into guarded memory, or the first agreement's error.
Result<SecureBytes> agreeAll(std::initializer_list<Agreement> agreements) {
    SecureBytes all(kX25519Bytes * static_cast<qsizetype>(agreements.size()));
    auto *out = reinterpret_cast<unsigned char *>(all.data());
    for (const Agreement &a : agreements) {
        if (const SecretError e = agreeInto(out, a.secret.view(), a.peerPublic);
            e != SecretError::None)
            return e;
        out += kX25519Bytes;
    }
    return all;
}

} // namespace

QByteArray sessionAssociatedData(const PublicIdentity &initiator, const PublicIdentity &responder) {
    return initiator.bytes() + responder.bytes();
}

Result<InitiatorAgreement> x3dhInitiate(const DeviceIdentity &own, const PreKeyBundle &peer,
                                        qint64 nowMs, X25519KeyPair ephemeral) {
    if (const SecretError e = peer.verify(nowMs); e != SecretError::None)
        return e;
    const QByteArrayView spk = peer.signedPreKey.publicKey;
    Result<SecureBytes> agreements =
        peer.oneTimePreKey ? agreeAll({{own.agreement.secretKey, spk},
                                       {ephemeral.secretKey, peer.identity.agreementKey},
                                       {ephemeral.secretKey, spk},
                                       {ephemeral.secretKey, peer.oneTimePreKey->publicKey}})
                           : agreeAll({{own.agreement.secretKey, spk},
                                       {ephemeral.secretKey, peer.identity.agreementKey},
                                       {ephemeral.secretKey, spk}});
    if (!agreements.ok())
        return agreements.error();
    InitiatorAgreement out;
    out.sharedSecret = x3dhSecret(agreements->view());
    out.associatedData = sessionAssociatedData(own.publicIdentity(), peer.identity);
    out.ephemeralKey = ephemeral.publicKey;
    out.signedPreKeyId = peer.signedPreKey.id;
    if (peer.oneTimePreKey)
        out.oneTimePreKeyId = peer.oneTimePreKey->id;
    return out;
}

Result<SecureBytes> x3dhRespond(const DeviceIdentity &own, const SignedPreKey &signedPreKey,
                                const OneTimePreKey *oneTimePreKey, const PublicIdentity &initiator,
                                QByteArrayView ephemeralKey) {
    if (const SecretError e = initiator.verify(); e != SecretError::None)
        return e;
    const SecureBytes &spk = signedPreKey.keyPair.secretKey;
    Result<SecureBytes> agreements =
        oneTimePreKey ? agreeAll({{spk, initiator.agreementKey},
                                  {own.agreement.secretKey, ephemeralKey},
                                  {spk, ephemeralKey},
                                  {oneTimePreKey->keyPair.secretKey, ephemeralKey}})
                      : agreeAll({{spk, initiator.agreementKey},
                                  {own.agreement.secretKey, ephemeralKey},
                                  {spk, ephemeralKey}});
    if (!agreements.ok())
        return agreements.error();
    return x3dhSecret(agreements->view());
}

} // namespace msgr::crypto::secret
