#include "server/server_app.h"

#include "server/auth_service.h"
#include "server/domain/domain.h"
#include "server/edge/edge_server.h"
#include "server/local_fanout_bus.h"
#include "server/media/local_blob_store.h"
#include "server/media/upload_service.h"
#include "server/metrics.h"
#include "server/presence_hub.h"
#include "server/read_pool.h"
#include "server/store/sqlite_store.h"

#include <QDeadlineTimer>
#include <QThread>

#include <sys/resource.h>

namespace msgr::server {
namespace {
// How long clients get to answer the 1001 close at shutdown before their sockets are cut.
constexpr int kShutdownCloseWaitMs = 3000;
// Descriptors kept free for the database files, logs and the listening socket.
constexpr int kDescriptorReserve = 256;
constexpr int kCloseGoingAway = 1001;
} // namespace

int defaultMaxConnections() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return 100'000;
    return qMax(16, int(qMin<rlim_t>(limit.rlim_cur, 10'000'000)) - kDescriptorReserve);
}

ServerApp::ServerApp(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_metrics(std::make_unique<Metrics>()) {}

ServerApp::~ServerApp() {
    stop();
}

bool ServerApp::start(QString *error) {
    SqliteStoreOptions options = m_config.store;
    options.logRetention = int(m_config.logRetention);
    m_store = SqliteStore::open(m_config.dataDir, options, error);
    if (!m_store)
        return false;
    m_bus = std::make_unique<LocalFanoutBus>(m_metrics.get());
    m_domain = std::make_unique<domain::Domain>(
        *m_store, domain::SecretRelayLimits{}, domain::ChannelLimits{},
        domain::MessageActionLimits{m_config.messageEditWindowMs});
    m_reads = std::make_unique<ReadPool>(m_config.readThreads, m_config.readQueueMax);
    m_context = ServerContext{m_store.get(), m_domain.get(), m_bus.get(), m_metrics.get(), nullptr};
    m_context.reads = m_reads.get();
    m_auth = std::make_unique<AuthService>(m_context, m_config.auth);
    m_context.auth = m_auth.get();
    m_bundleFetches = std::make_unique<BundleFetchLimiter>();
    m_context.bundleFetches = m_bundleFetches.get();
    m_presence = std::make_unique<PresenceHub>(m_context);
    m_context.presence = m_presence.get();
    auto blobs = media::LocalBlobStore::open(m_config.dataDir + QStringLiteral("/media"), error);
    if (!blobs)
        return false;
    m_uploads = std::make_unique<media::UploadService>(
        *m_store, m_domain->accounts, *m_reads, std::move(blobs), m_config.auth.sessionIdleMs,
        m_config.uploads);
    m_uploads->startSweeper();
    m_context.uploads = m_uploads.get();

    EdgeSettings settings;
    settings.host = m_config.listen.host.toString();
    settings.port = m_config.listen.port;
    settings.threads = m_config.workers;
    settings.limits = m_config.edge;
    settings.maxConnections =
        m_config.edge.maxConnections > 0 ? m_config.edge.maxConnections : defaultMaxConnections();
    // Validated by parseServerConfig.
    settings.trustedProxies = parseAddressRanges(m_config.trustedProxies).value_or(AddressRanges{});
    settings.metricsFrom = parseAddressRanges(m_config.metricsFrom).value_or(AddressRanges{});
    settings.tlsCertificateFile = m_config.tlsCertificateFile;
    settings.tlsPrivateKeyFile = m_config.tlsPrivateKeyFile;
    m_edge = std::make_unique<EdgeServer>(m_context, settings);
    QString edgeError;
    if (!m_edge->start(&edgeError)) {
        *error =
            QStringLiteral("cannot serve on %1: %2")
                .arg(formatListenAddress(m_config.listen.host, m_config.listen.port), edgeError);
        return false;
    }
    qCInfo(lcGateway) << "serving with" << m_config.workers << "connection threads, at most"
                      << settings.maxConnections << "connections" << (m_edge->tls() ? "(TLS)" : "");
    return true;
}

QString ServerApp::readyLine() const {
    const QString address = m_edge->boundAddress();
    return QStringLiteral("msgr-server ready ws=%1 http=%1%2")
        .arg(address, m_edge->tls() ? QStringLiteral(" tls") : QString());
}

void ServerApp::stop() {
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_edge) {
        m_edge->closeAll(kCloseGoingAway, QStringLiteral("server stopping"));
        // Connections end once their peer answers the close (or its deadline passes).
        QDeadlineTimer deadline(kShutdownCloseWaitMs);
        while (m_metrics->connections() > 0 && !deadline.hasExpired())
            QThread::msleep(10);
    }
    if (m_auth)
        m_auth->drain(); // running hash jobs finish; their writes reach the store
    if (m_edge)
        m_edge->stopThreads();
    if (m_presence)
        m_presence->stop(); // before the reads and the domain it pushes and writes through
    if (m_reads)
        m_reads->stop(); // queued reads run; their answers are posted to stopped threads
    if (m_uploads)
        m_uploads->drain(); // running whole-file hashes finish and queue their writes
    m_domain.reset();
    m_store.reset(); // finishes every queued write; late answers are posted to stopped threads
    m_edge.reset();  // only now: what was posted to the connection threads is destroyed
    m_uploads.reset();
    qCInfo(lcGateway) << "stopped";
}

} // namespace msgr::server
