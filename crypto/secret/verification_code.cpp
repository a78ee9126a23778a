#include "crypto/secret/verification_code.h"

#include "crypto/secret/safety_number.h"

namespace msgr::crypto::secret {
namespace {

constexpr int kHalfDigits = kSafetyNumberDigits / 2;

bool allDigits(QStringView text) {
    for (QChar c : text)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return true;
}

} // namespace

QString verificationCode(QByteArrayView ownIdentity, QByteArrayView peerIdentity) {
    const QString own = identityFingerprintDigits(ownIdentity);
    const QString peer = identityFingerprintDigits(peerIdentity);
    if (own.isEmpty() || peer.isEmpty())
        return {};
    return QLatin1String(kVerificationCodePrefix) + QString::number(kVerificationCodeVersion) +
           QLatin1Char(':') + own + peer;
}

ScanResult checkScannedCode(const QString &scanned, QByteArrayView ownIdentity,
                            QByteArrayView peerIdentity) {
    if (scanned.size() > kMaxVerificationCodeChars ||
        !scanned.startsWith(QLatin1String(kVerificationCodePrefix)))
        return ScanResult::Malformed;
    const QStringView rest =
        QStringView(scanned).mid(qsizetype(sizeof kVerificationCodePrefix) - 1);
    const qsizetype colon = rest.indexOf(QLatin1Char(':'));
    if (colon <= 0 || !allDigits(rest.first(colon)))
        return ScanResult::Malformed;
    bool ok = false;
    const int version = rest.first(colon).toInt(&ok);
    // One spelling only ("01" is not "1"): a code that matches is the very text this
    // device would show (fuzz_secret_decode found "MSGR-SN:01:..." accepted).
    if (!ok || rest.first(colon) != QString::number(version))
        return ScanResult::Malformed;
    if (version != kVerificationCodeVersion)
        return ScanResult::UnsupportedVersion;
    const QStringView digits = rest.mid(colon + 1);
    if (digits.size() != kSafetyNumberDigits || !allDigits(digits))
        return ScanResult::Malformed;
    const QString own = identityFingerprintDigits(ownIdentity);
    const QString peer = identityFingerprintDigits(peerIdentity);
    if (own.isEmpty() || peer.isEmpty())
        return ScanResult::Mismatch;
    // The shower put itself first: that is the peer as this device knows it.
    return digits.first(kHalfDigits) == peer && digits.mid(kHalfDigits) == own
               ? ScanResult::Match
               : ScanResult::Mismatch;
}

const char *scanResultName(ScanResult result) {
    switch (result) {
    case ScanResult::Match:
        return "Match";
    case ScanResult::Mismatch:
        return "Mismatch";
    case ScanResult::Malformed:
        return "Malformed";
    case ScanResult::UnsupportedVersion:
        return "UnsupportedVersion";
    }
    return "?";
}

} // namespace msgr::crypto::secret
