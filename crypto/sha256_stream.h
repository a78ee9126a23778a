#pragma once
//! SHA-256 (FIPS 180-4) through OpenSSL's EVP, which uses the CPU's SHA extensions (SHA-NI,
//! ARMv8 SHA) where present. On the development machine (AMD EPYC with SHA-NI) it hashes about
//! 2.7x as fast as libsodium's portable SHA-256 and 1.9x as fast as BLAKE2b: an upload hashes
//! every byte it sends (the tus part checksum) and a secret attachment every byte it seals (the
//! ciphertext's hash), so this is most of the client's CPU per uploaded GiB
//! (bench/media_upload/RESULTS.md). The digest is the same as any other SHA-256.
#include <QByteArray>
#include <QByteArrayView>

struct evp_md_ctx_st;

namespace msgr::crypto {

class Sha256Stream {
public:
    static constexpr qsizetype kDigestBytes = 32;

    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;

    void addData(QByteArrayView bytes);
    //! The 32-byte digest; the stream takes no more data afterwards.
    QByteArray result();

    //! The digest of `bytes` in one call.
    static QByteArray of(QByteArrayView bytes);

private:
    evp_md_ctx_st *m_context;
};

} // namespace msgr::crypto
