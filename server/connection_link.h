#pragma once
//! A thread-safe handle to one live connection. The store's writer thread, the password-hash
//! pool and the fan-out bus queue frames or a close through it; once the connection is gone
//! every call is a no-op. All queued calls to one link run on the connection's worker thread
//! in the order they were made (Qt keeps the order of events posted to one object).
#include <QByteArray>
#include <QMutex>
#include <QString>
#include <functional>
#include <memory>

namespace msgr::server {

class Connection;

class ConnectionLink {
public:
    explicit ConnectionLink(Connection *connection) : m_connection(connection) {}

    //! Thread-safe. Queues one binary frame.
    void sendFrame(const QByteArray &frame);
    //! Thread-safe. Queues a close with a WebSocket close code.
    void close(quint16 code, const QString &reason);
    //! Thread-safe. Queues `fn` to run on the connection's thread with the live connection.
    void post(std::function<void(Connection &)> fn);

    //! Connection thread only: called by ~Connection so later calls do nothing.
    void detach();

private:
    QMutex m_mutex;
    Connection *m_connection;
};

using LinkPtr = std::shared_ptr<ConnectionLink>;

} // namespace msgr::server
