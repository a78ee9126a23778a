#pragma once
//! The name this device gets in the account's device list (docs/protocol.md: 1..64
//! characters), so the user can tell their sessions apart and sign out the right one: the
//! machine's host name and its system, e.g. "workstation · Debian GNU/Linux 12 (bookworm)".
//! Telegram shows the model and system the same way.
#include <QString>

namespace msgr::core {

//! From `hostName` and `systemName` (QSysInfo's), cut to the protocol's limit at a character
//! boundary; "Messenger" when both are empty.
QString deviceNameFor(const QString &hostName, const QString &systemName);

//! deviceNameFor() of this machine.
QString defaultDeviceName();

} // namespace msgr::core
