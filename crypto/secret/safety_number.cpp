#include "crypto/secret/safety_number.h"

#include "crypto/secret/device_identity.h"
#include "crypto/sodium.h"

#include <QByteArray>
#include <QStringList>
#include <sodium.h>

#include <cstring>

namespace msgr::crypto::secret {

QString identityFingerprintDigits(QByteArrayView identity) {
    if (identity.size() != kIdentityBytes)
        return {};
    ensureInitialized();
    QByteArray input = QByteArray(2, '\0') + identity.toByteArray();
    unsigned char hash[crypto_hash_sha512_BYTES];
    crypto_hash_sha512(hash, reinterpret_cast<const unsigned char *>(input.constData()),
                       static_cast<unsigned long long>(input.size()));
    QByteArray chained(crypto_hash_sha512_BYTES + kIdentityBytes, Qt::Uninitialized);
    memcpy(chained.data() + crypto_hash_sha512_BYTES, identity.data(), kIdentityBytes);
    for (int i = 0; i < kSafetyNumberIterations; ++i) {
        memcpy(chained.data(), hash, sizeof hash);
        crypto_hash_sha512(hash, reinterpret_cast<const unsigned char *>(chained.constData()),
                           static_cast<unsigned long long>(chained.size()));
    }
    QString digits;
    for (int chunk = 0; chunk < 6; ++chunk) {
        quint64 value = 0;
        for (int b = 0; b < 5; ++b)
            value = (value << 8) | hash[chunk * 5 + b];
        digits += QStringLiteral("%1").arg(value % 100000, 5, 10, QLatin1Char('0'));
    }
    return digits;
}

QString safetyNumber(QByteArrayView identityA, QByteArrayView identityB) {
    const QString a = identityFingerprintDigits(identityA);
    const QString b = identityFingerprintDigits(identityB);
    if (a.isEmpty() || b.isEmpty())
        return {};
    return a < b ? a + b : b + a;
}

QString groupSafetyNumber(const QString &digits) {
    QStringList groups;
    for (qsizetype at = 0; at < digits.size(); at += 5)
        groups.append(digits.mid(at, 5));
    return groups.join(QLatin1Char(' '));
}

} // namespace msgr::crypto::secret
