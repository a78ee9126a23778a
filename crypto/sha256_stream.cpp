#include "crypto/sha256_stream.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace msgr::crypto {

Sha256Stream::Sha256Stream() : m_context(EVP_MD_CTX_new()) {
    // Allocation or initialisation fails only without memory: nothing sensible to go on with.
    if (!m_context || EVP_DigestInit_ex(m_context, EVP_sha256(), nullptr) != 1)
        std::abort();
}

Sha256Stream::~Sha256Stream() {
    EVP_MD_CTX_free(m_context);
}

void Sha256Stream::addData(QByteArrayView bytes) {
    if (EVP_DigestUpdate(m_context, bytes.data(), size_t(bytes.size())) != 1)
        std::abort();
}

QByteArray Sha256Stream::result() {
    QByteArray digest(kDigestBytes, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context, reinterpret_cast<unsigned char *>(digest.data()), &length) !=
            1 ||
        length != unsigned(kDigestBytes))
        std::abort();
    return digest;
}

QByteArray Sha256Stream::of(QByteArrayView bytes) {
    Sha256Stream stream;
    stream.addData(bytes);
    return stream.result();
}

} // namespace msgr::crypto
