#include "crypto/secure_bytes.h"

#include "crypto/sodium.h"

#include <sodium.h>

#include <cstring>
#include <initializer_list>
#include <new>

namespace msgr::crypto {

SecureBytes::Buffer::Buffer(qsizetype n) : size(n) {
    ensureInitialized();
    // One byte more than asked: a terminating zero for C APIs that read up to it.
    const size_t allocation = static_cast<size_t>(n) + 1;
    bytes = static_cast<char *>(sodium_malloc(allocation));
    if (!bytes)
        throw std::bad_alloc();
    sodium_memzero(bytes, allocation);
    // sodium_malloc already tried mlock and ignored a failure; asking again (it is idempotent)
    // tells whether the pages really are locked.
    locked = sodium_mlock(bytes, allocation) == 0;
}

SecureBytes::Buffer::~Buffer() {
    // sodium_free zeroes the region (and checks the canary) before unmapping it; it also unlocks.
    sodium_free(bytes);
}

SecureBytes::SecureBytes(qsizetype size) {
    if (size > 0)
        m_buffer = std::make_shared<Buffer>(size);
}

SecureBytes SecureBytes::random(qsizetype size) {
    SecureBytes out(size);
    if (size > 0)
        randombytes_buf(out.data(), static_cast<size_t>(size));
    return out;
}

SecureBytes SecureBytes::copyOf(QByteArrayView bytes) {
    SecureBytes out(bytes.size());
    if (!bytes.isEmpty())
        memcpy(out.data(), bytes.data(), static_cast<size_t>(bytes.size()));
    return out;
}

SecureBytes SecureBytes::takeFrom(QByteArray &source) {
    SecureBytes out = copyOf(source);
    crypto::wipe(source);
    return out;
}

SecureBytes SecureBytes::concat(std::initializer_list<QByteArrayView> pieces) {
    qsizetype total = 0;
    for (QByteArrayView piece : pieces)
        total += piece.size();
    SecureBytes out(total);
    char *cursor = out.data();
    for (QByteArrayView piece : pieces) {
        if (piece.isEmpty())
            continue;
        memcpy(cursor, piece.data(), static_cast<size_t>(piece.size()));
        cursor += piece.size();
    }
    return out;
}

QByteArray SecureBytes::rawView() const {
    return isEmpty() ? QByteArray() : QByteArray::fromRawData(constData(), size());
}

SecureBytes SecureBytes::toHex() const {
    if (isEmpty())
        return {};
    // sodium_bin2hex writes 2 * size characters and a terminating zero; our buffer has the
    // extra byte for it.
    SecureBytes hex(2 * size());
    sodium_bin2hex(hex.data(), static_cast<size_t>(hex.size()) + 1,
                   reinterpret_cast<const unsigned char *>(constData()),
                   static_cast<size_t>(size()));
    return hex;
}

void SecureBytes::wipe() {
    if (m_buffer)
        sodium_memzero(m_buffer->bytes, static_cast<size_t>(m_buffer->size) + 1);
}

bool operator==(const SecureBytes &a, const SecureBytes &b) {
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return sodium_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

} // namespace msgr::crypto
