#pragma once
//! The safety number two devices compare to verify a secret chat (Signal's numeric
//! fingerprint, on libsodium's SHA-512): 60 digits from both identities, the same on both
//! sides whoever computes it. Thread-safe; about a millisecond (5200 hashes per identity).
#include <QByteArrayView>
#include <QString>

namespace msgr::crypto::secret {

inline constexpr int kSafetyNumberIterations = 5200;
inline constexpr int kSafetyNumberDigits = 60;

//! 30 digits of one identity (PublicIdentity::bytes(), 64 bytes): h = SHA-512(0x0000 || id),
//! then kSafetyNumberIterations times h = SHA-512(h || id); the first 30 bytes as six 5-byte
//! big-endian numbers, each mod 100000 in 5 digits. Empty for an identity not of 64 bytes.
QString identityFingerprintDigits(QByteArrayView identity);
//! The two identities' digits, the smaller string first: 60 digits, order-independent. Empty
//! when either identity is not of 64 bytes.
QString safetyNumber(QByteArrayView identityA, QByteArrayView identityB);
//! "12345 67890 ..." : the 60 digits in 12 groups of 5, for display.
QString groupSafetyNumber(const QString &digits);

} // namespace msgr::crypto::secret
