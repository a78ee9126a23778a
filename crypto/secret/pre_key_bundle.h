#pragma once
//! A device's public pre-key bundle, as the server hands it to an initiator: identity, signed
//! pre-key and at most one one-time pre-key. CBOR (docs/protocol.md, "Secret chats:
//! cryptography"), decoded strictly from untrusted bytes. Pure, thread-safe.
#include "crypto/secret/pre_keys.h"

#include <QByteArray>
#include <optional>

namespace msgr::crypto::secret {

inline constexpr qint64 kBundleVersion = 1;
//! Longest bundle worth parsing: a full one is under 300 bytes.
inline constexpr qsizetype kMaxBundleBytes = 1024;

struct PreKeyBundle {
    PublicIdentity identity;
    PublicSignedPreKey signedPreKey;
    std::optional<PublicOneTimePreKey> oneTimePreKey;
    friend bool operator==(const PreKeyBundle &, const PreKeyBundle &) = default;

    //! Both signatures and the signed pre-key's age: None, BadSignature, StaleSignedPreKey.
    SecretError verify(qint64 nowMs) const;
};

QByteArray encodePreKeyBundle(const PreKeyBundle &bundle);
//! The bundle, or Malformed (not exactly the documented map: a missing, extra, mistyped or
//! mis-sized field, trailing bytes, too long) or UnsupportedVersion. Signatures are checked by
//! verify(), not here.
Result<PreKeyBundle> decodePreKeyBundle(QByteArrayView bytes);

} // namespace msgr::crypto::secret
