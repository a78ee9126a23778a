#pragma once
//! The plain-HTTP side port (docs/protocol.md §8): GET /healthz and GET /metrics, one request
//! per connection, request head capped in size. Lives on the main thread.
#include <QTcpServer>

namespace msgr::server {

class Store;
class Metrics;

class HttpEndpoint : public QTcpServer {
    Q_OBJECT
public:
    HttpEndpoint(Store *store, Metrics *metrics, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void respond(class QTcpSocket *socket, const QByteArray &requestHead);

    Store *m_store;
    Metrics *m_metrics;
};

} // namespace msgr::server
