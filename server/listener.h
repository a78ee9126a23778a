#pragma once
//! The WebSocket port: accepts TCP connections on the main thread and hands each descriptor,
//! round-robin, to one of the Workers, so connections are served on several threads.
#include <QList>
#include <QTcpServer>

namespace msgr::server {

class Worker;

class Listener : public QTcpServer {
    Q_OBJECT
public:
    explicit Listener(QList<Worker *> workers, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QList<Worker *> m_workers;
    qsizetype m_next = 0;
};

} // namespace msgr::server
