#include "server/media/content_hash.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace msgr::server::media {

ContentHash::ContentHash(Algorithm algorithm) : m_context(EVP_MD_CTX_new()) {
    // Allocation or initialisation fails only without memory: nothing sensible to go on with.
    if (!m_context ||
        EVP_DigestInit_ex(m_context, algorithm == Algorithm::Sha1 ? EVP_sha1() : EVP_sha256(),
                          nullptr) != 1)
        std::abort();
}

ContentHash::~ContentHash() {
    EVP_MD_CTX_free(m_context);
}

void ContentHash::addData(QByteArrayView bytes) {
    if (EVP_DigestUpdate(m_context, bytes.data(), size_t(bytes.size())) != 1)
        std::abort();
}

QByteArray ContentHash::result() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context, digest, &length) != 1)
        std::abort();
    return QByteArray(reinterpret_cast<const char *>(digest), qsizetype(length));
}

} // namespace msgr::server::media
