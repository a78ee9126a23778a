#pragma once
// Shared by the tests of crypto/secret/: two devices with pre-keys, and a session between them.
#include "crypto/secret/ratchet_state_codec.h"
#include "crypto/secret/session_start.h"

#include <QTest>

namespace msgr::crypto::secret::test {

inline constexpr qint64 kNowMs = 1'764'547'200'000; // 2025-12-01T00:00:00Z

struct Device {
    DeviceIdentity identity = DeviceIdentity::generate();
    std::vector<SignedPreKey> signedPreKeys{SignedPreKey::create(identity, 1, kNowMs)};
    OneTimePreKeyPool pool;
    std::vector<PublicOneTimePreKey> published = pool.generate(3);

    PreKeyBundle bundle(bool withOneTimeKey = true) const {
        PreKeyBundle b{identity.publicIdentity(), signedPreKeys.front().publicKey(), {}};
        if (withOneTimeKey)
            b.oneTimePreKey = published.front();
        return b;
    }
};

struct Pair {
    RatchetSession alice;
    RatchetSession bob;
};

//! Alice starts with Bob's bundle and "hello"; Bob accepts. Fails the test on any error.
inline std::optional<Pair> startPair(Device &alice, Device &bob, bool withOneTimeKey = true) {
    Result<StartedSession> started =
        startSession(alice.identity, bob.bundle(withOneTimeKey), kNowMs, "hello");
    if (!started.ok())
        return std::nullopt;
    Result<AcceptedSession> accepted =
        acceptSession(bob.identity, bob.signedPreKeys, bob.pool, started->preKeyMessage);
    if (!accepted.ok() || accepted->plaintext != "hello")
        return std::nullopt;
    return Pair{std::move(started).value().session, std::move(accepted).value().session};
}

//! The stored bytes of a session's state, to compare "unchanged" byte for byte.
inline QByteArray stateBytes(const RatchetSession &session) {
    return encodeRatchetState(session.state()).rawView().toHex();
}

} // namespace msgr::crypto::secret::test
