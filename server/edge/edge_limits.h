#pragma once
//! Every deadline and buffer of the network edge, in one place. The defaults are the table in
//! docs/server.md ("Limits of the edge"); each is a setting (server/config.h).
#include <QtGlobal>

namespace msgr::server {

struct EdgeLimits {
    //! Accept → WebSocket upgrade done (TLS handshake and HTTP request included), and the idle
    //! time allowed between requests on a plain HTTP keep-alive connection.
    int upgradeTimeoutMs = 10'000;
    //! Upgrade → `hello` received.
    int helloTimeoutMs = 10'000;
    //! `welcome` → a successful auth.signUp / logIn / resume.
    int loginTimeoutMs = 30'000;
    //! No byte from the peer for half of this: the server pings; for all of it: dropped.
    int idleTimeoutMs = 60'000;
    //! An authenticated WebSocket connection idle this long (no message either way, nothing in
    //! progress) drops its WebSocket state and waits on the bare socket; 0: never. Plain TCP
    //! only (ws_session.h).
    int hibernateAfterMs = 20'000;
    //! One frame not taken by the peer within this time: dropped.
    int writeTimeoutMs = 30'000;
    //! A close waits this long for answers to accepted requests, then as long again for the
    //! peer's close frame.
    int closeTimeoutMs = 5'000;
    //! Connections (WebSocket and HTTP) at once; 0: the descriptor limit minus a reserve.
    int maxConnections = 0;
    //! Connections at once from one client address; 0: unlimited.
    int maxConnectionsPerAddress = 256;
    //! The largest message accepted before log-in (hello and the auth calls are small).
    qint64 preLoginMessageBytes = 16 * 1024;
    //! Bytes queued to a peer past which its requests are no longer read...
    qint64 queuePauseBytes = 256 * 1024;
    //! ...and past which it is dropped (it resumes with getDifference when it reconnects).
    qint64 queueDropBytes = 4 * 1024 * 1024;
    //! The HTTP request head (request line and headers).
    int maxHttpHeaderBytes = 8 * 1024;
    //! Requests served on one plain HTTP connection before it is closed.
    int httpKeepAliveRequests = 100;
};

} // namespace msgr::server
