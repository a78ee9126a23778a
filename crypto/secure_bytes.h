#pragma once
//! Key material in libsodium's guarded memory: sodium_malloc (guard pages, mlock'ed, excluded
//! from core dumps) and wiped by sodium_free when the last owner lets go.
//!
//! Copies SHARE the one buffer: copying a SecureBytes never duplicates the bytes, so a key can be
//! captured by queued lambdas and std::function without leaving a second copy behind. Fill a
//! buffer (data()) before sharing it; afterwards treat it as immutable. Sharing across threads is
//! as safe as sharing a std::shared_ptr<const T>.
#include <QByteArray>
#include <QByteArrayView>
#include <memory>

namespace msgr::crypto {

class SecureBytes {
public:
    //! Empty: no buffer.
    SecureBytes() = default;
    //! `size` zero bytes (plus a terminating zero after them, so the text of a PRAGMA can be
    //! handed to C APIs). Throws std::bad_alloc when libsodium cannot allocate.
    explicit SecureBytes(qsizetype size);

    static SecureBytes random(qsizetype size);
    //! A copy of `bytes` in guarded memory. The source is not touched: prefer takeFrom().
    static SecureBytes copyOf(QByteArrayView bytes);
    //! Moves a secret out of ordinary memory: copies it here, then wipes `source`'s buffer in
    //! place (crypto::wipe), which every QByteArray sharing that buffer sees.
    static SecureBytes takeFrom(QByteArray &source);
    //! The pieces one after the other, built directly in guarded memory.
    static SecureBytes concat(std::initializer_list<QByteArrayView> pieces);

    qsizetype size() const { return m_buffer ? m_buffer->size : 0; }
    bool isEmpty() const { return size() == 0; }
    //! Null when empty; otherwise followed by one zero byte.
    const char *constData() const { return m_buffer ? m_buffer->bytes : nullptr; }
    //! Writable access to the SHARED buffer: only while building it.
    char *data() { return m_buffer ? m_buffer->bytes : nullptr; }
    QByteArrayView view() const { return QByteArrayView(constData(), size()); }
    //! A QByteArray over these bytes without copying them (QByteArray::fromRawData), for APIs
    //! that take a QByteArray and only read it. Valid while this SecureBytes lives; anything
    //! that writes to it (data(), append...) would detach into ordinary memory: never do that.
    QByteArray rawView() const;
    //! Lowercase hexadecimal, computed in constant time (sodium_bin2hex) into guarded memory.
    SecureBytes toHex() const;

    //! Zeroes the shared buffer in place: every copy sees zeros from now on.
    void wipe();
    //! Drops this owner; the buffer is wiped and freed when it was the last.
    void reset() { m_buffer.reset(); }
    //! Whether the pages are locked in RAM (mlock can fail under a low RLIMIT_MEMLOCK; the
    //! buffer is still guarded and wiped, only swappable).
    bool isLocked() const { return m_buffer && m_buffer->locked; }
    //! How many owners share this buffer (tests prove the key path makes no second copy).
    long useCount() const { return m_buffer.use_count(); }

    //! Constant-time comparison of the bytes (sodium_memcmp).
    friend bool operator==(const SecureBytes &a, const SecureBytes &b);

private:
    struct Buffer {
        explicit Buffer(qsizetype size);
        ~Buffer();
        Buffer(const Buffer &) = delete;
        Buffer &operator=(const Buffer &) = delete;
        char *bytes = nullptr;
        qsizetype size = 0;
        bool locked = false;
    };
    std::shared_ptr<Buffer> m_buffer;
};

} // namespace msgr::crypto
