#pragma once
//! The shared services every connection and handler uses. Everything reachable from here is
//! thread-safe and outlives all connections: ServerApp stops the connection threads (and with
//! them every connection) before it destroys the store, the bus, the metrics and the auth
//! service.
#include <QLoggingCategory>

namespace msgr::server {

class Store;
namespace domain {
struct Domain;
}
class FanoutBus;
class Metrics;
class AuthService;
class ReadPool;
class BundleFetchLimiter;
class PresenceHub;
namespace media {
class UploadService;
}

struct ServerContext {
    Store *store = nullptr; // for /healthz only; everything else goes through the domain
    domain::Domain *domain = nullptr;
    FanoutBus *bus = nullptr;
    Metrics *metrics = nullptr;
    AuthService *auth = nullptr;
    ReadPool *reads = nullptr;                   // where the domain's reads run (async_read.h)
    media::UploadService *uploads = nullptr;     // tus uploads on the HTTP side (server/media/)
    BundleFetchLimiter *bundleFetches = nullptr; // secret.getBundle's rate limits
    PresenceHub *presence = nullptr; // who is online (§17.3); null: nobody, nothing pushed
};

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

} // namespace msgr::server
