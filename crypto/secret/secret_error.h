#pragma once
//! The typed errors of the secret-chat cryptography (crypto/secret/), and Result<T>, a value or
//! one of them. Every decoder and every step of the handshake and the ratchet reports one of
//! these; none of them throws on bad input. Pure, thread-safe.
#include <optional>
#include <utility>

namespace msgr::crypto::secret {

enum class SecretError {
    None,
    Malformed,            // bytes that are not the expected encoding (type, size, layout)
    UnsupportedVersion,   // a well-formed encoding of a version this code does not speak
    BadSignature,         // an Ed25519 signature (identity binding, signed pre-key) is wrong
    StaleSignedPreKey,    // the signed pre-key is older than kMaxSignedPreKeyAgeMs
    UnknownSignedPreKey,  // the responder no longer holds the signed pre-key named
    UnknownOneTimePreKey, // the one-time pre-key named was already used (or never existed)
    InvalidPublicKey,     // an X25519 key of small order: the shared secret would be all zero
    TooManySkipped,       // a header asks to skip more message keys than one chain allows
    DuplicateOrExpired,   // a message key already used (replay) or deleted (too old)
    AuthenticationFailed, // the AEAD tag does not match: ciphertext, header or AD was altered
    NoSendingChain,       // the responder sends before it has received anything
    CounterExhausted,     // 2^32 - 1 messages on one chain: the session must be restarted
};

//! A short stable name for logs and test messages.
const char *secretErrorName(SecretError error);

template <class T> class Result {
public:
    Result(T value) : m_value(std::move(value)) {} // NOLINT(google-explicit-constructor)
    Result(SecretError error) : m_error(error) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return m_value.has_value(); }
    SecretError error() const { return m_error; }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }

private:
    std::optional<T> m_value;
    SecretError m_error = SecretError::None;
};

} // namespace msgr::crypto::secret
