#pragma once
//! The live WebSocket sessions, so a shutdown can close each of them on its own thread with
//! 1001 and a closing handshake. Thread-safe; touched only at open, close and shutdown.
#include <boost/asio/any_io_executor.hpp>

#include <QString>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace msgr::server {

class LiveSession {
public:
    virtual ~LiveSession() = default;
    //! Connection thread. Closes with `code` after answering what was accepted.
    virtual void shutdown(quint16 code, const QString &reason) = 0;
};

class SessionRegistry {
public:
    void add(LiveSession *key, std::weak_ptr<LiveSession> session,
             boost::asio::any_io_executor executor);
    void remove(LiveSession *key);
    //! Posts shutdown(code, reason) to every live session's thread.
    void closeAll(quint16 code, const QString &reason);

private:
    struct Entry {
        std::weak_ptr<LiveSession> session;
        boost::asio::any_io_executor executor;
    };
    std::mutex m_mutex;
    std::unordered_map<LiveSession *, Entry> m_sessions;
};

} // namespace msgr::server
