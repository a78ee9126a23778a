#pragma once
//! A short-lived secret on the stack (a PRK, a message key, an AEAD key and nonce), zeroed with
//! sodium_memzero when it goes out of scope. Long-lived secrets live in SecureBytes; this is for
//! the intermediate values of one step, where a guarded allocation (mmap, guard pages, mlock:
//! hundreds of microseconds on some kernels) per value would dominate the cost of a message.
#include <QByteArrayView>
#include <array>
#include <cstddef>

namespace msgr::crypto::secret {

//! sodium_memzero: a zeroing the compiler may not remove.
void scrub(void *bytes, size_t size);

template <size_t N> class ScrubbedBytes {
public:
    ScrubbedBytes() = default;
    ~ScrubbedBytes() { scrub(m_bytes.data(), N); }
    ScrubbedBytes(const ScrubbedBytes &) = delete;
    ScrubbedBytes &operator=(const ScrubbedBytes &) = delete;

    unsigned char *data() { return m_bytes.data(); }
    const unsigned char *data() const { return m_bytes.data(); }
    QByteArrayView view() const {
        return QByteArrayView(reinterpret_cast<const char *>(m_bytes.data()), qsizetype(N));
    }
    static constexpr size_t size() { return N; }

private:
    std::array<unsigned char, N> m_bytes{};
};

} // namespace msgr::crypto::secret
