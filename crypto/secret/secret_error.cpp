#include "crypto/secret/secret_error.h"

namespace msgr::crypto::secret {

const char *secretErrorName(SecretError error) {
    switch (error) {
    case SecretError::None:
        return "none";
    case SecretError::Malformed:
        return "malformed";
    case SecretError::UnsupportedVersion:
        return "unsupported-version";
    case SecretError::BadSignature:
        return "bad-signature";
    case SecretError::StaleSignedPreKey:
        return "stale-signed-pre-key";
    case SecretError::UnknownSignedPreKey:
        return "unknown-signed-pre-key";
    case SecretError::UnknownOneTimePreKey:
        return "unknown-one-time-pre-key";
    case SecretError::InvalidPublicKey:
        return "invalid-public-key";
    case SecretError::TooManySkipped:
        return "too-many-skipped";
    case SecretError::DuplicateOrExpired:
        return "duplicate-or-expired";
    case SecretError::AuthenticationFailed:
        return "authentication-failed";
    case SecretError::NoSendingChain:
        return "no-sending-chain";
    case SecretError::CounterExhausted:
        return "counter-exhausted";
    }
    return "unknown";
}

} // namespace msgr::crypto::secret
