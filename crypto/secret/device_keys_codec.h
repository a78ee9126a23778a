#pragma once
//! The stored form of a device's private secret-chat keys: its identity, the signed pre-keys it
//! still holds (the current one and those in their grace period) and the one-time pre-key pool.
//! Binary, written straight into guarded memory (like ratchet_state_codec.h), for the encrypted
//! database or the keychain. The decoder rebuilds every public key from its secret and checks
//! every signature against the identity, so a damaged store is refused rather than used. Pure,
//! thread-safe.
#include "crypto/secret/pre_keys.h"

#include <vector>

namespace msgr::crypto::secret {

inline constexpr quint8 kDeviceKeysVersion = 1;
//! Signed pre-keys held at once: the current one and those in their grace period.
inline constexpr qsizetype kMaxHeldSignedPreKeys = 4;
//! One-time pre-keys held at once (the pool is refilled to kOneTimePreKeyPoolSize).
inline constexpr qsizetype kMaxHeldOneTimePreKeys = 1000;

struct DeviceKeys {
    DeviceIdentity identity;
    std::vector<SignedPreKey> signedPreKeys; // newest last
    OneTimePreKeyPool oneTimePreKeys;
};

//! Empty when the keys exceed the limits above (nothing this code creates does).
SecureBytes encodeDeviceKeys(const DeviceKeys &keys);
//! The keys, or Malformed (layout, counts, limits, trailing bytes), UnsupportedVersion, or
//! BadSignature (a signed pre-key the identity did not sign).
Result<DeviceKeys> decodeDeviceKeys(QByteArrayView bytes);

} // namespace msgr::crypto::secret
