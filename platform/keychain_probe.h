#pragma once
//! Whether the OS keychain can answer at all, asked before QtKeychain is: where the keychain is a
//! separate service that may be missing (Linux: the Secret Service on the session bus),
//! QtKeychain only reports a generic error after a timeout. One definition per OS, in
//! platform/<os>/keychain_probe_<os>.cpp; CMake compiles the one of the target system.
//! Thread-safe; at most one local IPC round trip (Linux), no user interaction.
#include <QString>

namespace msgr::platform {

//! True when the keychain QtKeychain uses on this OS can be asked; otherwise false and `why`
//! (if given) says what is missing, for the log and the passphrase fallback.
bool keychainBackendAvailable(QString *why = nullptr);

} // namespace msgr::platform
