#include "crypto/key_wrap.h"

#include "crypto/sodium.h"

#include <QCborMap>
#include <QCborValue>
#include <sodium.h>

namespace msgr::crypto {
namespace {

constexpr qint64 kFormatVersion = 1;
constexpr size_t kKekBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
// Limits on a stored cost, so a crafted file can neither weaken the derivation nor make it
// allocate without bound.
constexpr unsigned long long kMaxOpsLimit = 16;
constexpr size_t kMaxMemLimitBytes = 1024u * 1024u * 1024u;
constexpr qsizetype kMaxKeyBytes = 1024;
// Bound to the ciphertext, so the header (version, salt, cost) cannot be swapped unnoticed.
QByteArray associatedData(qint64 version, const QByteArray &salt, unsigned long long ops,
                          size_t mem) {
    return "msgr.keywrap:" + QByteArray::number(version) + ':' + salt.toHex() + ':' +
           QByteArray::number(ops) + ':' + QByteArray::number(static_cast<qulonglong>(mem));
}

bool costAcceptable(unsigned long long ops, size_t mem) {
    const KeyWrapCost floor = KeyWrapCost::interactive();
    return ops >= floor.opsLimit && ops <= kMaxOpsLimit && mem >= floor.memLimitBytes &&
           mem <= kMaxMemLimitBytes;
}

bool deriveKek(QByteArray &kek, const QByteArray &passphrase, const QByteArray &salt,
               unsigned long long ops, size_t mem) {
    kek = QByteArray(static_cast<qsizetype>(kKekBytes), '\0');
    return crypto_pwhash(reinterpret_cast<unsigned char *>(kek.data()), kKekBytes,
                         passphrase.constData(), static_cast<unsigned long long>(passphrase.size()),
                         reinterpret_cast<const unsigned char *>(salt.constData()), ops, mem,
                         crypto_pwhash_ALG_ARGON2ID13) == 0;
}

} // namespace

KeyWrapResult wrapKey(const QByteArray &key, const QByteArray &passphrase, KeyWrapCost cost) {
    ensureInitialized();
    if (key.isEmpty() || key.size() > kMaxKeyBytes || passphrase.isEmpty())
        return {KeyWrapError::InvalidInput, {}};
    if (!costAcceptable(cost.opsLimit, cost.memLimitBytes))
        return {KeyWrapError::InvalidInput, {}};
    const QByteArray salt = randomBytes(crypto_pwhash_SALTBYTES);
    QByteArray kek;
    if (!deriveKek(kek, passphrase, salt, cost.opsLimit, cost.memLimitBytes)) {
        wipe(kek);
        return {KeyWrapError::OutOfMemory, {}};
    }
    const QByteArray nonce = randomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const QByteArray ad = associatedData(kFormatVersion, salt, cost.opsLimit, cost.memLimitBytes);
    QByteArray ciphertext(key.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char *>(ciphertext.data()), &written,
        reinterpret_cast<const unsigned char *>(key.constData()),
        static_cast<unsigned long long>(key.size()),
        reinterpret_cast<const unsigned char *>(ad.constData()),
        static_cast<unsigned long long>(ad.size()), nullptr,
        reinterpret_cast<const unsigned char *>(nonce.constData()),
        reinterpret_cast<const unsigned char *>(kek.constData()));
    wipe(kek);
    ciphertext.resize(static_cast<qsizetype>(written));

    QCborMap blob;
    blob.insert(QStringLiteral("v"), kFormatVersion);
    blob.insert(QStringLiteral("alg"), QStringLiteral("argon2id13+xchacha20poly1305"));
    blob.insert(QStringLiteral("salt"), salt);
    blob.insert(QStringLiteral("ops"), static_cast<qint64>(cost.opsLimit));
    blob.insert(QStringLiteral("mem"), static_cast<qint64>(cost.memLimitBytes));
    blob.insert(QStringLiteral("nonce"), nonce);
    blob.insert(QStringLiteral("ct"), ciphertext);
    return {KeyWrapError::None, blob.toCborValue().toCbor()};
}

KeyWrapResult unwrapKey(const QByteArray &blob, const QByteArray &passphrase) {
    ensureInitialized();
    if (passphrase.isEmpty())
        return {KeyWrapError::InvalidInput, {}};
    const QCborValue value = QCborValue::fromCbor(blob);
    if (!value.isMap())
        return {KeyWrapError::Malformed, {}};
    const QCborMap map = value.toMap();
    const qint64 version = map.value(QStringLiteral("v")).toInteger(-1);
    const QByteArray salt = map.value(QStringLiteral("salt")).toByteArray();
    const qint64 ops = map.value(QStringLiteral("ops")).toInteger(-1);
    const qint64 mem = map.value(QStringLiteral("mem")).toInteger(-1);
    const QByteArray nonce = map.value(QStringLiteral("nonce")).toByteArray();
    const QByteArray ciphertext = map.value(QStringLiteral("ct")).toByteArray();
    if (version != kFormatVersion || salt.size() != crypto_pwhash_SALTBYTES ||
        nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || ops < 0 || mem < 0 ||
        ciphertext.size() <= crypto_aead_xchacha20poly1305_ietf_ABYTES ||
        ciphertext.size() > kMaxKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
        !costAcceptable(static_cast<unsigned long long>(ops), static_cast<size_t>(mem)))
        return {KeyWrapError::Malformed, {}};

    QByteArray kek;
    if (!deriveKek(kek, passphrase, salt, static_cast<unsigned long long>(ops),
                   static_cast<size_t>(mem))) {
        wipe(kek);
        return {KeyWrapError::OutOfMemory, {}};
    }
    const QByteArray ad = associatedData(version, salt, static_cast<unsigned long long>(ops),
                                         static_cast<size_t>(mem));
    QByteArray key(ciphertext.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long keyLength = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char *>(key.data()), &keyLength, nullptr,
        reinterpret_cast<const unsigned char *>(ciphertext.constData()),
        static_cast<unsigned long long>(ciphertext.size()),
        reinterpret_cast<const unsigned char *>(ad.constData()),
        static_cast<unsigned long long>(ad.size()),
        reinterpret_cast<const unsigned char *>(nonce.constData()),
        reinterpret_cast<const unsigned char *>(kek.constData()));
    wipe(kek);
    if (rc != 0) {
        wipe(key);
        return {KeyWrapError::WrongPassphrase, {}};
    }
    return {KeyWrapError::None, key};
}

} // namespace msgr::crypto
