#include "crypto/secret/pre_keys.h"

#include <QtEndian>
#include <algorithm>

namespace msgr::crypto::secret {
namespace {

constexpr char kSignedPreKeyLabel[] = "msgr-secret-v1/signed-pre-key";

} // namespace

QByteArray signedPreKeyMessage(quint32 id, qint64 createdAtMs, QByteArrayView publicKey) {
    QByteArray message = QByteArrayView(kSignedPreKeyLabel).toByteArray();
    char numbers[12];
    qToBigEndian(id, numbers);
    qToBigEndian(static_cast<quint64>(createdAtMs), numbers + 4);
    message.append(numbers, sizeof numbers);
    message.append(publicKey);
    return message;
}

SecretError verifySignedPreKey(const PublicSignedPreKey &key, QByteArrayView signerKey,
                               qint64 nowMs) {
    if (key.publicKey.size() != kX25519Bytes || key.signature.size() != kSignatureBytes ||
        key.createdAtMs < 0)
        return SecretError::Malformed;
    if (!verifySignature(signerKey, signedPreKeyMessage(key.id, key.createdAtMs, key.publicKey),
                         key.signature))
        return SecretError::BadSignature;
    if (key.createdAtMs > nowMs + kMaxClockSkewMs ||
        nowMs - key.createdAtMs > kMaxSignedPreKeyAgeMs)
        return SecretError::StaleSignedPreKey;
    return SecretError::None;
}

SignedPreKey SignedPreKey::create(const DeviceIdentity &identity, quint32 id, qint64 createdAtMs,
                                  X25519KeyPair keyPair) {
    QByteArray signature =
        identity.signing.sign(signedPreKeyMessage(id, createdAtMs, keyPair.publicKey));
    return {id, createdAtMs, std::move(keyPair), std::move(signature)};
}

std::vector<PublicOneTimePreKey> OneTimePreKeyPool::generate(int count) {
    std::vector<PublicOneTimePreKey> published;
    for (int i = 0; i < count; ++i) {
        OneTimePreKey key{m_nextId++, X25519KeyPair::generate()};
        published.push_back(key.publicKey());
        m_keys.push_back(std::move(key));
    }
    return published;
}

std::optional<OneTimePreKey> OneTimePreKeyPool::take(quint32 id) {
    const auto it = std::find_if(m_keys.begin(), m_keys.end(),
                                 [id](const OneTimePreKey &k) { return k.id == id; });
    if (it == m_keys.end())
        return std::nullopt;
    OneTimePreKey key = std::move(*it);
    m_keys.erase(it);
    return key;
}

const OneTimePreKey *OneTimePreKeyPool::find(quint32 id) const {
    const auto it = std::find_if(m_keys.begin(), m_keys.end(),
                                 [id](const OneTimePreKey &k) { return k.id == id; });
    return it == m_keys.end() ? nullptr : &*it;
}

} // namespace msgr::crypto::secret
