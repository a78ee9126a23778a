#include "crypto/secret/device_keys_codec.h"

#include <QtEndian>

#include <cstring>

namespace msgr::crypto::secret {
namespace {

constexpr qsizetype kDeviceKeyBytes = 32;
constexpr qsizetype kSignedPreKeyEntry = 4 + 8 + kDeviceKeyBytes + kSignatureBytes;
constexpr qsizetype kOneTimeEntry = 4 + kDeviceKeyBytes;

template <class T> void put(char *&at, T value) {
    qToBigEndian(value, at);
    at += sizeof(T);
}

void putBytes(char *&at, QByteArrayView bytes) {
    memcpy(at, bytes.data(), static_cast<size_t>(bytes.size()));
    at += bytes.size();
}

//! Front-to-back reads; a read past the end marks it failed and yields zeros or empties.
class DeviceKeysReader {
public:
    explicit DeviceKeysReader(QByteArrayView in) : m_in(in) {}
    bool atEnd() const { return !m_failed && m_at == m_in.size(); }
    bool failed() const { return m_failed; }
    QByteArrayView take(qsizetype n) {
        if (m_failed || m_in.size() - m_at < n) {
            m_failed = true;
            return {};
        }
        m_at += n;
        return m_in.sliced(m_at - n, n);
    }
    template <class T> T number() {
        const QByteArrayView v = take(sizeof(T));
        return m_failed ? T(0) : qFromBigEndian<T>(v.data());
    }

private:
    QByteArrayView m_in;
    qsizetype m_at = 0;
    bool m_failed = false;
};

} // namespace

SecureBytes encodeDeviceKeys(const DeviceKeys &keys) {
    const auto held = static_cast<qsizetype>(keys.signedPreKeys.size());
    const qsizetype pool = keys.oneTimePreKeys.size();
    if (held > kMaxHeldSignedPreKeys || pool > kMaxHeldOneTimePreKeys || !keys.identity.isValid())
        return {};
    SecureBytes out(1 + 2 * kDeviceKeyBytes + 2 + held * kSignedPreKeyEntry + 4 + 2 +
                    pool * kOneTimeEntry);
    char *at = out.data();
    put<quint8>(at, kDeviceKeysVersion);
    putBytes(at, keys.identity.signing.secretKey.view().first(kEd25519SeedBytes));
    putBytes(at, keys.identity.agreement.secretKey.view());
    put<quint16>(at, static_cast<quint16>(held));
    for (const SignedPreKey &k : keys.signedPreKeys) {
        put<quint32>(at, k.id);
        put<quint64>(at, static_cast<quint64>(k.createdAtMs));
        putBytes(at, k.keyPair.secretKey.view());
        putBytes(at, k.signature);
    }
    put<quint32>(at, keys.oneTimePreKeys.nextId());
    put<quint16>(at, static_cast<quint16>(pool));
    for (const OneTimePreKey &k : keys.oneTimePreKeys.keys()) {
        put<quint32>(at, k.id);
        putBytes(at, k.keyPair.secretKey.view());
    }
    return out;
}

Result<DeviceKeys> decodeDeviceKeys(QByteArrayView bytes) {
    if (bytes.isEmpty())
        return SecretError::Malformed;
    DeviceKeysReader r(bytes);
    if (r.number<quint8>() != kDeviceKeysVersion)
        return SecretError::UnsupportedVersion;
    const QByteArrayView seed = r.take(kDeviceKeyBytes);
    const QByteArrayView agreement = r.take(kDeviceKeyBytes);
    const auto held = r.number<quint16>();
    if (r.failed() || held > kMaxHeldSignedPreKeys)
        return SecretError::Malformed;
    DeviceKeys keys;
    keys.identity = DeviceIdentity::fromSecrets(seed, SecureBytes::copyOf(agreement));
    for (quint16 i = 0; i < held && !r.failed(); ++i) {
        SignedPreKey k;
        k.id = r.number<quint32>();
        k.createdAtMs = static_cast<qint64>(r.number<quint64>());
        const QByteArrayView secret = r.take(kDeviceKeyBytes);
        k.signature = r.take(kSignatureBytes).toByteArray();
        if (r.failed())
            return SecretError::Malformed;
        k.keyPair = X25519KeyPair::fromSecret(SecureBytes::copyOf(secret));
        if (k.createdAtMs < 0)
            return SecretError::Malformed;
        if (!verifySignature(keys.identity.signing.publicKey,
                             signedPreKeyMessage(k.id, k.createdAtMs, k.keyPair.publicKey),
                             k.signature))
            return SecretError::BadSignature;
        keys.signedPreKeys.push_back(std::move(k));
    }
    const auto nextId = r.number<quint32>();
    const auto pool = r.number<quint16>();
    if (r.failed() || pool > kMaxHeldOneTimePreKeys)
        return SecretError::Malformed;
    std::vector<OneTimePreKey> oneTime;
    oneTime.reserve(pool);
    for (quint16 i = 0; i < pool; ++i) {
        const auto id = r.number<quint32>();
        const QByteArrayView secret = r.take(kDeviceKeyBytes);
        // Ids are issued in order and never reused: each is below the next one to issue.
        if (r.failed() || id >= nextId)
            return SecretError::Malformed;
        oneTime.push_back({id, X25519KeyPair::fromSecret(SecureBytes::copyOf(secret))});
    }
    if (!r.atEnd())
        return SecretError::Malformed;
    keys.oneTimePreKeys = OneTimePreKeyPool::restore(std::move(oneTime), nextId);
    return keys;
}

} // namespace msgr::crypto::secret
