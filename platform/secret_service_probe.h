#pragma once
//! Whether a keychain backend can answer at all, asked before QtKeychain is, because without a
//! session bus QtKeychain reports only a generic error. Non-blocking beyond one local D-Bus call.
#include <QString>

namespace msgr::platform {

//! Linux: a session bus exists and org.freedesktop.secrets is running or activatable.
//! Elsewhere: always true (the OS keychain is part of the system). `why` explains a false.
bool keychainBackendAvailable(QString *why = nullptr);

} // namespace msgr::platform
