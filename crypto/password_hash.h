#pragma once
//! Argon2id password hashing (crypto_pwhash_str) for account passwords on the server.
#include <QByteArray>
#include <optional>

namespace msgr::crypto {

//! Argon2id cost. The defaults are libsodium's INTERACTIVE level: 64 MiB and 2 passes, above
//! OWASP's minimum of 19 MiB and 2 passes.
struct PasswordHashCost {
    unsigned long long opsLimit = 2;
    size_t memLimitBytes = 64u * 1024u * 1024u;
};

//! The encoded hash ("$argon2id$v=19$m=...") with its own salt; nullopt if out of memory.
std::optional<QByteArray> hashPassword(const QByteArray &password, PasswordHashCost cost = {});
//! Constant-time verification against an encoded hash.
bool verifyPassword(const QByteArray &encodedHash, const QByteArray &password);
//! A verification that costs as much as a real one, for unknown usernames: the time of a failed
//! log-in must not tell whether the account exists.
void burnPasswordVerification(const QByteArray &password);

} // namespace msgr::crypto
