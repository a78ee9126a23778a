#pragma once
//! Whether the client may open a WebSocket to a server address. wss:// always; plain ws:// only
//! to this machine (127.0.0.0/8, ::1, "localhost"), because anywhere else everyone on the path
//! could read the messages and take the session token; ws:// to another machine only after the
//! user opted in explicitly. Pure functions; thread-safe.
#include <QString>
#include <QUrl>

namespace msgr::core {

enum class TransportSecurity {
    Encrypted,       // wss://
    Loopback,        // ws:// that never leaves this machine
    InsecureAllowed, // ws:// to another machine; the user opted in
    InsecureRefused, // ws:// to another machine without the opt-in: never connected
    InvalidAddress,  // not a ws:// or wss:// URL with a host: never connected
};

//! True for "localhost" and for literal addresses in 127.0.0.0/8 or ::1 (also written as an
//! IPv4-mapped IPv6 address). A name that merely resolves to loopback is not trusted.
bool isLoopbackHost(const QString &host);
TransportSecurity classifyServerUrl(const QUrl &url, bool allowInsecure);
inline bool mayConnect(TransportSecurity security) {
    return security == TransportSecurity::Encrypted || security == TransportSecurity::Loopback ||
           security == TransportSecurity::InsecureAllowed;
}

} // namespace msgr::core
