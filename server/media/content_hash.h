#pragma once
//! SHA-1 / SHA-256 of upload bytes through OpenSSL's EVP, which uses the CPU's SHA extensions
//! (SHA-NI, ARMv8 SHA) where present: about 1.5 GB/s against about 0.2 GB/s for
//! QCryptographicHash's portable code. Every uploaded byte is hashed twice on the server (the
//! part's Upload-Checksum, then the whole file for its content address), so this is most of
//! the server's CPU per uploaded GiB (bench/media_upload/RESULTS.md).
#include <QByteArray>
#include <QByteArrayView>

struct evp_md_ctx_st;

namespace msgr::server::media {

class ContentHash {
public:
    enum class Algorithm { Sha1, Sha256 };
    explicit ContentHash(Algorithm algorithm);
    ~ContentHash();
    ContentHash(const ContentHash &) = delete;
    ContentHash &operator=(const ContentHash &) = delete;

    void addData(QByteArrayView bytes);
    //! The digest (raw bytes); the hash cannot take more data afterwards.
    QByteArray result();

private:
    evp_md_ctx_st *m_context;
};

} // namespace msgr::server::media
