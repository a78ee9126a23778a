#pragma once
//! The whole server wired together: store, fan-out bus, auth, worker threads, the WebSocket
//! and HTTP listeners, and the graceful stop. Created and used on the main thread.
#include "server/config.h"
#include "server/server_context.h"

#include <QList>
#include <QObject>
#include <memory>

class QThread;

namespace msgr::server {

class AuthService;
class HttpEndpoint;
class Listener;
class LocalFanoutBus;
class Metrics;
class Store;
class Worker;

class ServerApp : public QObject {
    Q_OBJECT
public:
    explicit ServerApp(ServerConfig config, QObject *parent = nullptr);
    ~ServerApp() override;

    //! Opens the store and starts listening; false and `error` when it cannot.
    bool start(QString *error);
    //! "msgr-server ready ws=HOST:PORT http=HOST:PORT" with the ports actually bound.
    QString readyLine() const;
    //! Closes every connection with 1001, lets running work finish and drains the store.
    void stop();

private:
    ServerConfig m_config;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<LocalFanoutBus> m_bus;
    ServerContext m_context;
    std::unique_ptr<AuthService> m_auth;
    QList<QThread *> m_threads;
    QList<Worker *> m_workers;
    Listener *m_listener = nullptr;
    HttpEndpoint *m_http = nullptr;
    bool m_stopped = false;
};

} // namespace msgr::server
