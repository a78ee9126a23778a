#include "crypto/password_hash.h"

#include "crypto/sodium.h"

#include <sodium.h>

namespace msgr::crypto {

std::optional<QByteArray> hashPassword(const QByteArray &password, PasswordHashCost cost) {
    ensureInitialized();
    QByteArray out(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str_alg(out.data(), password.constData(),
                              static_cast<unsigned long long>(password.size()), cost.opsLimit,
                              cost.memLimitBytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    out.truncate(qstrnlen(out.constData(), out.size()));
    return out;
}

bool verifyPassword(const QByteArray &encodedHash, const QByteArray &password) {
    ensureInitialized();
    QByteArray hash = encodedHash;
    hash.append('\0');
    return crypto_pwhash_str_verify(hash.constData(), password.constData(),
                                    static_cast<unsigned long long>(password.size())) == 0;
}

void burnPasswordVerification(const QByteArray &password) {
    static const QByteArray dummy = hashPassword(randomBytes(16)).value_or(QByteArray());
    (void)verifyPassword(dummy, password);
}

} // namespace msgr::crypto
