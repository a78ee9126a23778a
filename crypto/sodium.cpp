#include "crypto/sodium.h"

#include <sodium.h>

#include <cstdlib>

namespace msgr::crypto {

void ensureInitialized() {
    static const bool ready = [] {
        if (sodium_init() < 0)
            std::abort();
        return true;
    }();
    (void)ready;
}

QByteArray randomBytes(qsizetype count) {
    ensureInitialized();
    QByteArray out(count, Qt::Uninitialized);
    randombytes_buf(out.data(), static_cast<size_t>(out.size()));
    return out;
}

qint64 randomNonZeroInt63() {
    ensureInitialized();
    quint64 v = 0;
    do {
        randombytes_buf(&v, sizeof v);
        v &= 0x7fff'ffff'ffff'ffffULL;
    } while (v == 0);
    return static_cast<qint64>(v);
}

void wipe(QByteArray &secret) {
    if (!secret.isEmpty())
        sodium_memzero(secret.data(), static_cast<size_t>(secret.size()));
    secret.clear();
}

QByteArray genericHash(const QByteArray &data) {
    ensureInitialized();
    QByteArray out(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(out.data()), out.size(),
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       static_cast<unsigned long long>(data.size()), nullptr, 0);
    return out;
}

} // namespace msgr::crypto
