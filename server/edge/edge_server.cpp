#include "server/edge/edge_server.h"

#include "server/edge/edge_socket.h"
#include "server/edge/http_session.h"
#include "server/edge/io_pool.h"
#include "server/edge/transient_arena.h"
#include "server/metrics.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <future>

namespace msgr::server {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using TlsStream = boost::beast::ssl_stream<EdgeSocket>;

namespace {
// Pending TCP connections the kernel queues for us: a burst of thousands of clients
// reconnecting after a restart must not be refused.
constexpr int kListenBacklog = 4096;
// Out of descriptors: accept again after this pause instead of spinning on the error.
constexpr int kAcceptRetryMs = 100;
} // namespace

//! Accepts on the first connection thread, hands each socket to the next thread round-robin.
class EdgeServer::Acceptor {
public:
    Acceptor(IoPool &pool, EdgeContext &context, asio::ssl::context *tls)
        : m_pool(pool), m_context(context), m_tls(tls), m_acceptor(pool.at(0)),
          m_retry(pool.at(0)) {}

    bool listen(const tcp::endpoint &endpoint, QString *error) {
        error_code ec;
        m_acceptor.open(endpoint.protocol(), ec);
        if (!ec)
            m_acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            m_acceptor.bind(endpoint, ec);
        if (!ec)
            m_acceptor.listen(kListenBacklog, ec);
        if (ec) {
            *error = QString::fromStdString(ec.message());
            return false;
        }
        return true;
    }
    tcp::endpoint local() const {
        error_code ec;
        return m_acceptor.local_endpoint(ec);
    }
    void acceptNext() {
        m_acceptor.async_accept(m_pool.next(), [this](error_code ec, EdgeSocket socket) {
            if (ec == asio::error::operation_aborted || !m_acceptor.is_open())
                return;
            if (ec) {
                // EMFILE/ENFILE and friends: the caps should prevent it; if not, breathe.
                qCWarning(lcGateway) << "accept failed:" << ec.message().c_str();
                m_retry.expires_after(std::chrono::milliseconds(kAcceptRetryMs));
                m_retry.async_wait([this](error_code waitEc) {
                    if (!waitEc)
                        acceptNext();
                });
                return;
            }
            adopt(std::move(socket));
            acceptNext();
        });
    }
    void close() {
        error_code ignored;
        m_acceptor.close(ignored);
        m_retry.cancel();
    }

private:
    void adopt(EdgeSocket socket) {
        error_code ec;
        const auto peer = normalized(socket.remote_endpoint(ec).address());
        if (ec)
            return; // already gone
        auto slot = m_context.caps.tryAcquire(QString::fromStdString(peer.to_string()));
        if (!slot) {
            // Closed at once: a refused peer must not hold a descriptor.
            m_context.server.metrics->connectionRefused();
            socket.close(ec);
            return;
        }
        // Small frames in both directions: Nagle's algorithm would add tens of ms of latency.
        socket.set_option(tcp::no_delay(true), ec);
        auto executor = socket.get_executor();
        asio::post(executor, [this, socket = std::move(socket), slot = std::move(*slot)]() mutable {
            if (m_tls) {
                std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *m_tls),
                                                         std::move(slot), m_context)
                    ->start();
            } else {
                std::make_shared<HttpSession<EdgeSocket>>(std::move(socket), std::move(slot),
                                                          m_context)
                    ->start();
            }
        });
    }

    IoPool &m_pool;
    EdgeContext &m_context;
    asio::ssl::context *m_tls;
    tcp::acceptor m_acceptor;
    asio::steady_timer m_retry;
};

EdgeServer::EdgeServer(ServerContext &server, EdgeSettings settings)
    : m_settings(std::move(settings)),
      m_context(server, m_settings.limits, m_settings.maxConnections, m_settings.trustedProxies,
                m_settings.metricsFrom) {}

EdgeServer::~EdgeServer() {
    stopThreads();
    m_acceptor.reset();
    m_pool.reset(); // destroys what is still queued: sessions end here, after the threads
}

bool EdgeServer::start(QString *error) {
    if (!m_settings.tlsCertificateFile.isEmpty()) {
        auto tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
        error_code ec;
        tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                             asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                             asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                         ec);
        if (!ec)
            tls->use_certificate_chain_file(m_settings.tlsCertificateFile.toStdString(), ec);
        if (ec) {
            *error = QStringLiteral("TLS certificate '%1': %2")
                         .arg(m_settings.tlsCertificateFile, QString::fromStdString(ec.message()));
            return false;
        }
        tls->use_private_key_file(m_settings.tlsPrivateKeyFile.toStdString(),
                                  asio::ssl::context::pem, ec);
        if (ec) {
            *error = QStringLiteral("TLS private key '%1': %2")
                         .arg(m_settings.tlsPrivateKeyFile, QString::fromStdString(ec.message()));
            return false;
        }
        m_tls = std::move(tls);
    }

    error_code ec;
    const auto address = asio::ip::make_address(m_settings.host.toStdString(), ec);
    if (ec) {
        *error = QStringLiteral("'%1' is not an IP address").arg(m_settings.host);
        return false;
    }
    // The range of what hibernation frees (transient_arena.h) is reserved now, outside any
    // allocation, rather than by the first connection's operator new.
    TransientArena::instance();
    m_pool = std::make_unique<IoPool>(m_settings.threads);
    m_acceptor = std::make_unique<Acceptor>(*m_pool, m_context, m_tls.get());
    if (!m_acceptor->listen(tcp::endpoint(address, m_settings.port), error))
        return false;
    m_acceptor->acceptNext();
    m_pool->start();
    return true;
}

QString EdgeServer::boundAddress() const {
    const tcp::endpoint endpoint = m_acceptor->local();
    const QString host = QString::fromStdString(endpoint.address().to_string());
    return endpoint.address().is_v6() ? QStringLiteral("[%1]:%2").arg(host).arg(endpoint.port())
                                      : QStringLiteral("%1:%2").arg(host).arg(endpoint.port());
}

void EdgeServer::closeAll(quint16 code, const QString &reason) {
    if (m_acceptor) {
        // The acceptor lives on the first connection thread: close it there, and wait.
        std::promise<void> closed;
        asio::post(m_pool->at(0), [this, &closed] {
            m_acceptor->close();
            closed.set_value();
        });
        closed.get_future().wait();
    }
    m_context.registry.closeAll(code, reason);
}

void EdgeServer::stopThreads() {
    if (m_pool)
        m_pool->stop();
}

} // namespace msgr::server
