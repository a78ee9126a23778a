#pragma once
//! A thread-safe handle to one live client session. The store's writer thread, the
//! password-hash pool and the fan-out bus queue frames, answers or a close through it; once
//! the session is gone every call is a no-op. Calls go through the connection thread's
//! LinkMailbox and run there in the order they were made.
#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace msgr::server {

class ClientSession;

//! The calls other threads make to the sessions of one connection thread (one io_context, one
//! thread), delivered there in the order they were put. One posted delivery takes every call
//! put since the last one: the writer answers and fans out a whole commit's messages (hundreds
//! of frames) with one post per connection thread instead of one heap-allocated function, one
//! Asio operation and one scheduler lock per frame (bench/server_load/RESULTS.md, srvcpu).
class LinkMailbox : public std::enable_shared_from_this<LinkMailbox> {
public:
    //! Runs a function on the connection thread, later (never inline).
    using Poster = std::function<void(std::function<void()>)>;

    //! Made with std::make_shared only: a posted delivery keeps its mailbox alive.
    explicit LinkMailbox(Poster post) : m_post(std::move(post)) {}

    enum class Kind : quint8 { Push, Answer, Call };
    struct Letter {
        std::weak_ptr<ClientSession> session;
        Kind kind = Kind::Call;
        QByteArray frame;                          // Push, Answer
        std::function<void(ClientSession &)> call; // Call
    };

    //! Thread-safe. Delivered later on the connection thread, if the session still lives.
    void put(Letter letter);
    //! The connection thread is going away: what is queued and what is put from now on is
    //! dropped, as Asio drops the handlers still queued on an io_context that shuts down.
    void shutDown();

private:
    void deliver();

    //! A burst's letters are not kept for good: above this the delivery buffer is freed.
    static constexpr std::size_t kKeptCapacity = 4096;

    Poster m_post;
    std::mutex m_mutex;
    std::vector<Letter> m_pending;    // guarded by m_mutex
    bool m_deliveryPosted = false;    // guarded by m_mutex
    bool m_shutDown = false;          // guarded by m_mutex
    std::vector<Letter> m_delivering; // the connection thread's
};

class ConnectionLink {
public:
    //! One mailbox serves every session of a connection thread.
    using SharedMailbox = std::shared_ptr<LinkMailbox>;

    ConnectionLink(SharedMailbox mailbox, std::weak_ptr<ClientSession> session)
        : m_mailbox(std::move(mailbox)), m_session(std::move(session)) {}

    //! Thread-safe. Queues one pushed frame (an update).
    void sendFrame(const QByteArray &frame) const;
    //! Thread-safe. Queues the one answer (res or err) to a request the session accepted.
    void answer(const QByteArray &frame) const;
    //! Thread-safe. Queues a close with a WebSocket close code.
    void close(quint16 code, const QString &reason) const;
    //! Thread-safe. Queues `fn` to run on the connection's thread with the live session.
    void post(std::function<void(ClientSession &)> fn) const;

private:
    SharedMailbox m_mailbox;
    std::weak_ptr<ClientSession> m_session;
};

using LinkPtr = std::shared_ptr<ConnectionLink>;

} // namespace msgr::server
