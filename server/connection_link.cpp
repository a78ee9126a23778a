#include "server/connection_link.h"

#include "server/connection.h"

namespace msgr::server {

// Posting happens under the mutex: ~Connection takes the same mutex in detach() before the
// QObject destructor runs, so a post either reaches a live object (whose pending events Qt
// discards if it is deleted later) or sees nullptr. Never a dangling pointer.

void ConnectionLink::sendFrame(const QByteArray &frame) {
    QMutexLocker lock(&m_mutex);
    if (Connection *c = m_connection)
        QMetaObject::invokeMethod(
            c, [c, frame] { c->sendFrame(frame); }, Qt::QueuedConnection);
}

void ConnectionLink::close(quint16 code, const QString &reason) {
    QMutexLocker lock(&m_mutex);
    if (Connection *c = m_connection)
        QMetaObject::invokeMethod(
            c, [c, code, reason] { c->closeWith(code, reason); }, Qt::QueuedConnection);
}

void ConnectionLink::post(std::function<void(Connection &)> fn) {
    QMutexLocker lock(&m_mutex);
    if (Connection *c = m_connection)
        QMetaObject::invokeMethod(
            c, [c, fn = std::move(fn)] { fn(*c); }, Qt::QueuedConnection);
}

void ConnectionLink::detach() {
    QMutexLocker lock(&m_mutex);
    m_connection = nullptr;
}

} // namespace msgr::server
