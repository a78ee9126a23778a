#include "server/server_app.h"

#include "server/auth_service.h"
#include "server/http_endpoint.h"
#include "server/listener.h"
#include "server/local_fanout_bus.h"
#include "server/metrics.h"
#include "server/store/sqlite_store.h"
#include "server/worker.h"

#include <QDeadlineTimer>
#include <QThread>
#include <QWebSocketProtocol>

namespace msgr::server {
namespace {
// How long clients get to answer the 1001 close at shutdown before their sockets are cut.
constexpr int kShutdownCloseWaitMs = 3000;
} // namespace

ServerApp::ServerApp(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_metrics(std::make_unique<Metrics>()) {}

ServerApp::~ServerApp() {
    stop();
}

bool ServerApp::start(QString *error) {
    SqliteStoreOptions options;
    options.logRetention = int(m_config.logRetention);
    m_store = SqliteStore::open(m_config.dataDir, options, error);
    if (!m_store)
        return false;
    m_bus = std::make_unique<LocalFanoutBus>(m_metrics.get());
    m_context = ServerContext{m_store.get(), m_bus.get(), m_metrics.get(), nullptr,
                              m_config.helloTimeoutMs};
    m_auth = std::make_unique<AuthService>(m_context);
    m_context.auth = m_auth.get();

    for (int i = 0; i < m_config.workers; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("msgr-worker-%1").arg(i));
        auto *worker = new Worker(m_context);
        worker->moveToThread(thread);
        thread->start();
        m_threads.append(thread);
        m_workers.append(worker);
    }

    m_listener = new Listener(m_workers, this);
    if (!m_listener->listen(m_config.listen.host, m_config.listen.port)) {
        *error = QStringLiteral("cannot listen on %1: %2")
                     .arg(formatListenAddress(m_config.listen.host, m_config.listen.port),
                          m_listener->errorString());
        return false;
    }
    m_http = new HttpEndpoint(m_store.get(), m_metrics.get(), this);
    if (!m_http->listen(m_config.httpListen.host, m_config.httpListen.port)) {
        *error = QStringLiteral("cannot listen on %1: %2")
                     .arg(formatListenAddress(m_config.httpListen.host, m_config.httpListen.port),
                          m_http->errorString());
        return false;
    }
    qCInfo(lcGateway) << "serving with" << m_config.workers << "connection threads";
    return true;
}

QString ServerApp::readyLine() const {
    return QStringLiteral("msgr-server ready ws=%1 http=%2")
        .arg(formatListenAddress(m_listener->serverAddress(), m_listener->serverPort()),
             formatListenAddress(m_http->serverAddress(), m_http->serverPort()));
}

void ServerApp::stop() {
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_listener)
        m_listener->close();
    if (m_http)
        m_http->close();
    for (Worker *worker : m_workers)
        QMetaObject::invokeMethod(
            worker,
            [worker] {
                worker->closeAll(QWebSocketProtocol::CloseCodeGoingAway,
                                 QStringLiteral("server stopping"));
            },
            Qt::BlockingQueuedConnection);
    // Connections delete themselves once their peer answers the close.
    QDeadlineTimer deadline(kShutdownCloseWaitMs);
    while (m_metrics->connections() > 0 && !deadline.hasExpired())
        QThread::msleep(10);
    if (m_auth)
        m_auth->drain(); // running hash jobs finish; their writes reach the store
    for (QThread *thread : m_threads) {
        thread->quit();
        thread->wait();
    }
    qDeleteAll(m_workers); // the threads are finished: safe to delete from here
    m_workers.clear();
    qDeleteAll(m_threads);
    m_threads.clear();
    m_store.reset(); // finishes every queued write, then closes the database
    qCInfo(lcGateway) << "stopped";
}

} // namespace msgr::server
