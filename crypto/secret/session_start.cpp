#include "crypto/secret/session_start.h"

#include <algorithm>

namespace msgr::crypto::secret {

Result<StartedSession> startSession(const DeviceIdentity &own, const PreKeyBundle &peer,
                                    qint64 nowMs, QByteArrayView firstPlaintext,
                                    X25519KeyPair ephemeral, X25519KeyPair firstRatchetKey) {
    Result<InitiatorAgreement> agreement = x3dhInitiate(own, peer, nowMs, std::move(ephemeral));
    if (!agreement.ok())
        return agreement.error();
    Result<RatchetSession> session =
        RatchetSession::initiate(agreement->sharedSecret, agreement->associatedData,
                                 peer.signedPreKey.publicKey, std::move(firstRatchetKey));
    if (!session.ok())
        return session.error();
    Result<QByteArray> first = session->encrypt(firstPlaintext);
    if (!first.ok())
        return first.error();
    const PreKeyMessage envelope{own.publicIdentity(), agreement->ephemeralKey,
                                 agreement->signedPreKeyId, agreement->oneTimePreKeyId,
                                 std::move(first).value()};
    return StartedSession{std::move(session).value(), encodePreKeyMessage(envelope)};
}

Result<AcceptedSession> acceptSession(const DeviceIdentity &own,
                                      const std::vector<SignedPreKey> &signedPreKeys,
                                      const OneTimePreKeyPool &pool, QByteArrayView preKeyMessage) {
    const Result<PreKeyMessage> envelope = decodePreKeyMessage(preKeyMessage);
    if (!envelope.ok())
        return envelope.error();
    const auto spk =
        std::find_if(signedPreKeys.begin(), signedPreKeys.end(),
                     [&](const SignedPreKey &key) { return key.id == envelope->signedPreKeyId; });
    if (spk == signedPreKeys.end())
        return SecretError::UnknownSignedPreKey;
    const OneTimePreKey *oneTime = nullptr;
    if (envelope->oneTimePreKeyId) {
        oneTime = pool.find(*envelope->oneTimePreKeyId);
        if (!oneTime)
            return SecretError::UnknownOneTimePreKey;
    }
    const Result<SecureBytes> secret =
        x3dhRespond(own, *spk, oneTime, envelope->initiator, envelope->ephemeralKey);
    if (!secret.ok())
        return secret.error();
    RatchetSession session = RatchetSession::respond(
        secret.value(), sessionAssociatedData(envelope->initiator, own.publicIdentity()),
        spk->keyPair);
    Result<QByteArray> plaintext = session.decrypt(envelope->message);
    if (!plaintext.ok())
        return plaintext.error();
    return AcceptedSession{std::move(session), std::move(plaintext).value(), envelope->initiator,
                           envelope->oneTimePreKeyId};
}

} // namespace msgr::crypto::secret
