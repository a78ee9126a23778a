#pragma once
//! A thread-safe handle to one live client session. The store's writer thread, the
//! password-hash pool and the fan-out bus queue frames, answers or a close through it; once
//! the session is gone every call is a no-op. Calls are posted to the session's connection
//! thread (one io_context, one thread) and run there in the order they were made.
#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>

namespace msgr::server {

class ClientSession;

class ConnectionLink {
public:
    //! Runs a function on the session's connection thread, later (never inline).
    using Poster = std::function<void(std::function<void()>)>;
    //! One poster serves every session of a connection thread (a std::function capturing an
    //! executor takes a heap block of its own: ~60 bytes per connection when each had one).
    using SharedPoster = std::shared_ptr<const Poster>;

    ConnectionLink(SharedPoster poster, std::weak_ptr<ClientSession> session)
        : m_post(std::move(poster)), m_session(std::move(session)) {}

    //! Thread-safe. Queues one pushed frame (an update).
    void sendFrame(const QByteArray &frame) const;
    //! Thread-safe. Queues the one answer (res or err) to a request the session accepted.
    void answer(const QByteArray &frame) const;
    //! Thread-safe. Queues a close with a WebSocket close code.
    void close(quint16 code, const QString &reason) const;
    //! Thread-safe. Queues `fn` to run on the connection's thread with the live session.
    void post(std::function<void(ClientSession &)> fn) const;

private:
    SharedPoster m_post;
    std::weak_ptr<ClientSession> m_session;
};

using LinkPtr = std::shared_ptr<ConnectionLink>;

} // namespace msgr::server
