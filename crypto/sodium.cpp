#include "crypto/sodium.h"

#include "crypto/sha256_stream.h"

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
    QByteArray::DataPointer &d = secret.data_ptr();
    // data() would detach a shared array first and zero only the fresh copy, leaving the secret
    // in the buffer every other copy still points at. Zero the one buffer where it is, from
    // the start of its allocation to its end (a shrunk array keeps old bytes past size()).
    // A null d_ptr() means the bytes are not ours (fromRawData, a literal): nothing to zero.
    if (d.d_ptr() && d.constAllocatedCapacity() > 0) {
        char *begin = const_cast<char *>(secret.constData()) - d.freeSpaceAtBegin();
        sodium_memzero(begin, static_cast<size_t>(d.constAllocatedCapacity()));
    }
    secret.clear();
}

QByteArray sha256(const QByteArray &data) {
    return Sha256Stream::of(data);
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
