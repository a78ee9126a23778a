#include "server/listener.h"

#include "server/worker.h"

namespace msgr::server {
namespace {
// Pending TCP connections the kernel queues for us: a burst of thousands of clients
// reconnecting after a restart must not be refused.
constexpr int kListenBacklog = 4096;
} // namespace

Listener::Listener(QList<Worker *> workers, QObject *parent)
    : QTcpServer(parent), m_workers(std::move(workers)) {
    setListenBacklogSize(kListenBacklog);
}

void Listener::incomingConnection(qintptr descriptor) {
    Worker *worker = m_workers.at(m_next);
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(
        worker, [worker, descriptor] { worker->acceptDescriptor(descriptor); },
        Qt::QueuedConnection);
}

} // namespace msgr::server
