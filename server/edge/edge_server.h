#pragma once
//! The server's network edge: one listening port for WebSocket and HTTP/1.1 (optionally TLS)
//! on Boost.Asio/Beast, N connection threads, the connection caps. Created, started and
//! stopped on the main thread.
#include "server/edge/edge_context.h"

#include <QString>
#include <memory>
#include <optional>

namespace boost::asio::ssl {
class context;
}

namespace msgr::server {

class IoPool;

struct EdgeSettings {
    QString host;
    quint16 port = 0;
    int threads = 2;
    EdgeLimits limits;
    int maxConnections = 0; // resolved (never 0 here)
    AddressRanges trustedProxies;
    AddressRanges metricsFrom;
    QString tlsCertificateFile; // both empty: plain ws:// and http://
    QString tlsPrivateKeyFile;
};

class EdgeServer {
public:
    EdgeServer(ServerContext &server, EdgeSettings settings);
    ~EdgeServer();

    //! Binds and starts the threads; false and `error` when it cannot.
    bool start(QString *error);
    //! The address actually bound ("HOST:PORT", IPv6 in brackets).
    QString boundAddress() const;
    bool tls() const { return m_tls != nullptr; }
    //! Stops accepting and closes every WebSocket with `code` after answering what it accepted.
    void closeAll(quint16 code, const QString &reason);
    //! Stops the connection threads. Pending posts to them are kept until destruction, so
    //! other threads may still post (to no effect) until the EdgeServer is destroyed.
    void stopThreads();

private:
    class Acceptor;

    EdgeSettings m_settings;
    EdgeContext m_context;
    std::unique_ptr<boost::asio::ssl::context> m_tls;
    std::unique_ptr<IoPool> m_pool;
    std::unique_ptr<Acceptor> m_acceptor;
};

} // namespace msgr::server
