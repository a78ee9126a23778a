#pragma once
//! The shared services every connection and handler uses. Everything reachable from here is
//! thread-safe and outlives all connections: ServerApp stops the connection threads (and with
//! them every connection) before it destroys the store, the bus, the metrics and the auth
//! service.
#include <QLoggingCategory>

namespace msgr::server {

class Store;
class FanoutBus;
class Metrics;
class AuthService;

struct ServerContext {
    Store *store = nullptr;
    FanoutBus *bus = nullptr;
    Metrics *metrics = nullptr;
    AuthService *auth = nullptr;
};

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

} // namespace msgr::server
