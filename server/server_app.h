#pragma once
//! The whole server wired together: store, fan-out bus, auth, the network edge (one port for
//! WebSocket and HTTP), and the graceful stop. Created and used on the main thread.
#include "server/bundle_fetch_limiter.h"
#include "server/config.h"
#include "server/server_context.h"

#include <QObject>
#include <memory>

namespace msgr::server {

class AuthService;
class EdgeServer;
class LocalFanoutBus;
class Metrics;
class ReadPool;
class Store;
namespace domain {
struct Domain;
}
namespace media {
class UploadService;
}

class ServerApp : public QObject {
    Q_OBJECT
public:
    explicit ServerApp(ServerConfig config, QObject *parent = nullptr);
    ~ServerApp() override;

    //! Opens the store and starts listening; false and `error` when it cannot.
    bool start(QString *error);
    //! "msgr-server ready ws=HOST:PORT http=HOST:PORT" with the port actually bound (one port
    //! serves both; the scheme is wss/https when TLS is on).
    QString readyLine() const;
    //! Closes every connection with 1001, lets running work finish and drains the store.
    void stop();

private:
    ServerConfig m_config;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<domain::Domain> m_domain;
    std::unique_ptr<ReadPool> m_reads;
    std::unique_ptr<LocalFanoutBus> m_bus;
    ServerContext m_context;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<BundleFetchLimiter> m_bundleFetches;
    std::unique_ptr<PresenceHub> m_presence; // before m_edge: its sessions tell it when they end
    std::unique_ptr<EdgeServer> m_edge;
    //! Destroyed after the edge: an exchange still posted to a stopped connection thread
    //! releases its upload lock when it is destroyed.
    std::unique_ptr<media::UploadService> m_uploads;
    bool m_stopped = false;
};

//! The connection cap when none is configured: what the descriptor limit leaves after a
//! reserve for the store, logs and the process itself.
int defaultMaxConnections();

} // namespace msgr::server
