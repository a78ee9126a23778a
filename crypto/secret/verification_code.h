#pragma once
//! The verification code a device shows as a QR code and the peer scans (docs/protocol.md
//! §12.6): `MSGR-SN:1:` then the showing device's 30 fingerprint digits, then the peer's 30
//! (safety_number.h). Only characters of the QR alphanumeric set, so the code stays small.
//! The scanner accepts it only when the first half is the identity IT holds for the peer and
//! the second half its own: a substituted key on either side, or a code of another chat, is a
//! mismatch. Untrusted text: parsed strictly (fuzzed by tests/fuzz/fuzz_secret_payload). Pure,
//! thread-safe.
#include <QByteArrayView>
#include <QString>

namespace msgr::crypto::secret {

inline constexpr char kVerificationCodePrefix[] = "MSGR-SN:";
inline constexpr int kVerificationCodeVersion = 1;
inline constexpr int kMaxVerificationCodeChars = 256; // longer text is refused unread

//! The code `own` device shows to the owner of `peer` (both: 64 identity bytes); empty when
//! either is not of 64 bytes.
QString verificationCode(QByteArrayView ownIdentity, QByteArrayView peerIdentity);

enum class ScanResult {
    Match,              // the peer showed what this device expects: both keys are the same
    Mismatch,           // well-formed, but the keys differ (or a code of another chat)
    Malformed,          // not a verification code
    UnsupportedVersion, // a verification code of a version this code does not read
};

//! Checks a scanned code against this device's view of the chat.
ScanResult checkScannedCode(const QString &scanned, QByteArrayView ownIdentity,
                            QByteArrayView peerIdentity);
const char *scanResultName(ScanResult result);

} // namespace msgr::crypto::secret
