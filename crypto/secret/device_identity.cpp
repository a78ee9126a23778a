#include "crypto/secret/device_identity.h"

namespace msgr::crypto::secret {
namespace {

constexpr char kAgreementKeyLabel[] = "msgr-secret-v1/identity-agreement-key";

} // namespace

QByteArray identityBindingMessage(QByteArrayView agreementKey) {
    return QByteArrayView(kAgreementKeyLabel).toByteArray() + agreementKey.toByteArray();
}

SecretError PublicIdentity::verify() const {
    if (signingKey.size() != kEd25519PublicBytes || agreementKey.size() != kX25519Bytes ||
        agreementSignature.size() != kSignatureBytes)
        return SecretError::Malformed;
    if (!verifySignature(signingKey, identityBindingMessage(agreementKey), agreementSignature))
        return SecretError::BadSignature;
    return SecretError::None;
}

DeviceIdentity DeviceIdentity::generate() {
    const SecureBytes seed = SecureBytes::random(kEd25519SeedBytes);
    return fromSecrets(seed.view(), SecureBytes::random(kX25519Bytes));
}

DeviceIdentity DeviceIdentity::fromSecrets(QByteArrayView signingSeed,
                                           SecureBytes agreementSecret) {
    DeviceIdentity identity{SigningKeyPair::fromSeed(signingSeed),
                            X25519KeyPair::fromSecret(std::move(agreementSecret)),
                            {}};
    if (!identity.isValid())
        return {};
    identity.agreementSignature =
        identity.signing.sign(identityBindingMessage(identity.agreement.publicKey));
    return identity;
}

} // namespace msgr::crypto::secret
