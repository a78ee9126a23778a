#pragma once
//! The live WebSocket sessions, so a shutdown can close each of them on its own thread with
//! 1001 and a closing handshake. Thread-safe; touched only at open, close and shutdown.
//! Intrusive (Boost.Intrusive): each session carries its own two links, so the registry
//! allocates nothing per connection (a hash node with a weak pointer and an executor was ~90
//! bytes of every idle connection).
#include <boost/asio/any_io_executor.hpp>
#include <boost/intrusive/list.hpp>

#include <QString>
#include <memory>
#include <mutex>

namespace msgr::server {

class LiveSession {
public:
    LiveSession() = default;
    LiveSession(const LiveSession &) = delete;
    LiveSession &operator=(const LiveSession &) = delete;
    virtual ~LiveSession() = default;
    //! Connection thread. Closes with `code` after answering what was accepted.
    virtual void shutdown(quint16 code, const QString &reason) = 0;
    //! Any thread, while registered: a weak handle to the session and its thread's executor
    //! (both fixed from before add() to after remove()).
    virtual std::weak_ptr<LiveSession> liveHandle() = 0;
    virtual boost::asio::any_io_executor liveExecutor() = 0;

private:
    friend class SessionRegistry;
    //! Safe-link, not auto-unlink: the list is guarded by the registry's mutex, so a session
    //! leaves it only through remove().
    using Hook = boost::intrusive::list_member_hook<
        boost::intrusive::link_mode<boost::intrusive::safe_link>>;
    Hook m_liveHook;
};

class SessionRegistry {
public:
    //! `session` must call remove() before it is destroyed (its destructor may).
    void add(LiveSession *session);
    void remove(LiveSession *session);
    //! Posts shutdown(code, reason) to every live session's thread.
    void closeAll(quint16 code, const QString &reason);

private:
    using List = boost::intrusive::list<
        LiveSession,
        boost::intrusive::member_hook<LiveSession, LiveSession::Hook, &LiveSession::m_liveHook>,
        boost::intrusive::constant_time_size<false>>;

    std::mutex m_mutex;
    List m_sessions;
};

} // namespace msgr::server
