#include "server/edge/ws_session.h"

#include "protocol/limits.h"
#include "server/edge/transient_arena.h"
#include "server/edge/ws_sleepers.h"
#include "server/metrics.h"

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <span>
#include <utility>

namespace msgr::server {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;
using std::chrono::milliseconds;

namespace {
// RFC 6455 §5.5: a control frame's payload is at most 125 bytes, 2 of them the code.
constexpr size_t kMaxCloseReasonBytes = 120;
//! The buffer a waiting read prepares: covers a typical request (messages.send with a
//! 100-character text is about 170 bytes), small for a connection that sits idle.
constexpr size_t kWsIdleReadBytes = 256;

//! The allocator of the operations a connection keeps pending while idle (its read, its timer
//! wait, its readiness wait): exact sizes from operator new. Asio's default recycles freed
//! operation blocks per thread, so a 100-byte timer wait could occupy an 800-byte block of a
//! finished read for as long as the connection sleeps, and a read started inside a
//! TransientArenaScope could take a heap block instead of an arena slot.
template <class T> struct WsExactSizeAllocator {
    using value_type = T;
    WsExactSizeAllocator() = default;
    template <class U> WsExactSizeAllocator(const WsExactSizeAllocator<U> &) noexcept {}
    T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T))); }
    void deallocate(T *p, std::size_t) noexcept { ::operator delete(p); }
    friend bool operator==(WsExactSizeAllocator, WsExactSizeAllocator) noexcept { return true; }
};

template <class Handler> auto withExactSizeAllocator(Handler &&handler) {
    return boost::asio::bind_allocator(WsExactSizeAllocator<void>{},
                                       std::forward<Handler>(handler));
}

//! The upgrade a hibernated connection is re-accepted with: Beast opens a stream only through
//! a handshake (websocket/impl/accept.hpp:440-476, `do_accept`: the 101 is written with the
//! next layer's write_some, which swallows it here; nothing is read). Any valid key will do.
const HttpRequest &wsResumeUpgrade() {
    static const HttpRequest request = [] {
        HttpRequest r{beast::http::verb::get, "/", 11};
        r.set(beast::http::field::host, "localhost");
        r.set(beast::http::field::connection, "upgrade");
        r.set(beast::http::field::upgrade, "websocket");
        r.set(beast::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
        r.set(beast::http::field::sec_websocket_version, "13");
        return r;
    }();
    return request;
}
} // namespace

template <class Stream>
WsSession<Stream>::WsSession(Stream &&stream, ConnectionSlot slot, EdgeContext &edge)
    : m_transport(std::move(stream)), m_slot(std::move(slot)), m_edge(edge) {
    m_transportState.listener = this;
    m_transportState.lastReceived = Clock::now();
    m_lastActivity = m_transportState.lastReceived;
}

template <class Stream> WsSession<Stream>::~WsSession() {
    if (m_parked)
        m_edge.server.metrics->connectionWoken();
    if constexpr (kCanHibernate) {
        if (sleeping())
            sleepers().cancel(this);
    }
    if (m_client) {
        m_edge.registry.remove(this);
        m_client->detachSink();
    }
    // m_client goes here: it leaves the fan-out bus and the connection count.
}

template <class Stream> void WsSession<Stream>::applyStreamOptions() {
    const EdgeLimits &limits = m_edge.limits;
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = milliseconds(limits.closeTimeoutMs); // the 101 and the close
    // The keep-alive is ours (onTimer): Beast's timer lives in the stream, which a hibernated
    // connection does not have.
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    m_awake->ws.set_option(timeouts);
    const bool loggedIn = m_client && m_client->session().isValid();
    m_awake->ws.read_message_max(
        size_t(loggedIn ? protocol::kMaxFrameBytes : limits.preLoginMessageBytes));
    m_awake->ws.auto_fragment(false);
    m_awake->ws.binary(true);
}

template <class Stream> void WsSession<Stream>::start(HttpRequest request) {
    if constexpr (kCanHibernate) {
        // The boundary reads of frame_boundary_stream.h read without blocking once readable.
        error_code ignored;
        m_transport.non_blocking(true, ignored);
    }
    // Beast's stream state goes where hibernation can give it back (transient_arena.h).
    const TransientArenaScope transient;
    m_awake = std::make_unique<Awake>(m_transport, m_transportState);
    applyStreamOptions();
    m_awake->ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type &res) { res.set(beast::http::field::server, "msgr-server"); }));
    m_awake->ws.async_accept(
        request, [self = this->shared_from_this()](error_code ec) { self->onAccepted(ec); });
}

template <class Stream> void WsSession<Stream>::onAccepted(error_code ec) {
    if (ec) {
        m_dead = true;
        return;
    }
    m_client = ClientSession::create(m_edge.server, *this, m_slot.address(), sleepers().mailbox());
    m_edge.registry.add(this);
    m_authDeadline = Clock::now() + milliseconds(m_edge.limits.helloTimeoutMs);
    m_transportState.lastReceived = Clock::now();
    noteActivity();
    armTimer(m_authDeadline);
    armTimer(m_transportState.lastReceived + milliseconds(m_edge.limits.idleTimeoutMs / 2));
    readNext();
}

template <class Stream> bool WsSession<Stream>::readingPaused() const {
    return m_queuedBytes > m_edge.limits.queuePauseBytes;
}

template <class Stream> void WsSession<Stream>::readNext() {
    if (m_reading || m_closing || m_dead || !m_client || !m_awake || m_hibernating ||
        readingPaused())
        return;
    m_reading = true;
    // A message is read in pieces (Beast still enforces read_message_max over the whole of
    // it). The first piece is small: it is the buffer an idle connection holds while it waits
    // (async_read would prepare 1,536 bytes for each idle peer); most requests fit in it, the
    // rest of a longer one follows in one more read (Beast then asks for the frame's remainder).
    const std::size_t limit = m_awake->in.size() == 0 ? kWsIdleReadBytes : 0; // 0: Beast's hint
    // The pending read (Asio's operation holding Beast's) dies with the read or hibernation:
    // it is allocated apart from the connection's lasting state (transient_arena.h).
    const TransientArenaScope transient;
    m_awake->ws.async_read_some(
        m_awake->in, limit,
        withExactSizeAllocator([self = this->shared_from_this()](error_code ec, std::size_t bytes) {
            self->onRead(ec, bytes);
        }));
}

template <class Stream> void WsSession<Stream>::onRead(error_code ec, std::size_t) {
    m_reading = false;
    if (m_hibernating && !m_dead)
        return park(); // the read we abandoned (ec is operation_aborted): nothing was read
    if (ec) {
        // Closed by the peer (Beast has answered its close frame), a protocol violation (Beast
        // has sent 1002/1009 and torn down), the idle timeout, or our own abort: either way
        // the connection is over.
        if (!m_dead && ec != websocket::error::closed)
            qCDebug(lcGateway) << "connection from" << m_slot.address()
                               << "ended:" << ec.message().c_str();
        m_dead = true;
        m_awake->timer.cancel();
        return;
    }
    // Beast's state is at hand now; at the next write it would be a cache miss (beastOpen()).
    m_beastOpen = m_awake->ws.is_open();
    m_beastEventsSeen = m_transportState.beastEvents;
    if (!m_awake->ws.is_message_done())
        return readNext(); // more of this message to come
    noteActivity();
    if (!m_dead && !m_closing) {
        const auto data = m_awake->in.cdata();
        m_client->onMessage(
            QByteArrayView(static_cast<const char *>(data.data()), qsizetype(data.size())),
            m_awake->ws.got_text());
    }
    // An idle connection keeps no read buffer: most are idle most of the time.
    m_awake->in.consume(m_awake->in.size());
    m_awake->in.shrink_to_fit();
    readNext();
}

template <class Stream> void WsSession<Stream>::sendFrame(const QByteArray &frame) {
    if (m_dead || m_closeSent)
        return;
    m_queuedBytes += frame.size();
    if (m_queuedBytes > m_edge.limits.queueDropBytes) {
        m_edge.server.metrics->slowConsumerDropped();
        return abort("the peer does not read what is sent to it");
    }
    m_queue.push_back(frame);
    noteActivity();
    // The write starts from a posted call, not here: the frames that the store's writer and the
    // fan-out posted to this connection before it (one commit's updates and answers) leave with
    // it in one write.
    if (m_writing || m_writePosted)
        return; // the batch in flight or the posted call takes it
    if (m_parked)
        return writeNext(); // wakes the stream, then writes
    m_writePosted = true;
    boost::asio::post(m_transport.get_executor(), [self = this->shared_from_this()] {
        self->m_writePosted = false;
        self->writeNext();
    });
}

template <class Stream> void WsSession<Stream>::writeNext() {
    if (m_writing || m_queue.empty() || m_dead || m_hibernating)
        return;
    if (m_parked)
        return wake(); // writes what is queued once the stream is back
    // A frame of Beast's own (a pong, a ping, a close) is being written: transportWritable()
    // calls again when it is done. Once Beast has begun its closing handshake nothing more of
    // ours may follow its close frame.
    // The write timeout runs meanwhile, as it did when Beast held our write behind its own.
    if (m_transportState.writesInFlight > 0 || !beastOpen()) {
        if (!m_writeHeld) {
            m_writeHeld = true;
            m_writeStartedAt = Clock::now();
            armTimer(m_writeStartedAt + milliseconds(m_edge.limits.writeTimeoutMs));
        }
        return;
    }
    m_writing = true;
    if (!std::exchange(m_writeHeld, false))
        m_writeStartedAt = Clock::now();
    armTimer(m_writeStartedAt + milliseconds(m_edge.limits.writeTimeoutMs));
    // Several queued frames in one write (ws_frames.h): the bytes Beast would write for each,
    // one sendmsg for all. The queued-bytes cap counts them until they are written, as before.
    m_framesWriting = std::min(m_queue.size(), kWsFramesPerWrite);
    if (!m_batch)
        m_batch = WsFrameBatchStock::ofThisThread().take();
    m_batch->build(m_queue, m_framesWriting);
    // A view of the batch's list (which lives until onWritten), not a copy of it per write.
    FrameBoundaryStream<Stream>(m_transport, m_transportState)
        .async_write_frames(
            std::span<const boost::asio::const_buffer>(m_batch->buffers),
            [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWritten(ec); });
}

template <class Stream> bool WsSession<Stream>::beastOpen() {
    if (m_beastEventsSeen != m_transportState.beastEvents) {
        m_beastEventsSeen = m_transportState.beastEvents;
        m_beastOpen = m_awake->ws.is_open();
    }
    return m_beastOpen;
}

template <class Stream> void WsSession<Stream>::onWritten(error_code ec) {
    m_writing = false;
    if (ec) {
        abort("write failed");
        return;
    }
    for (qsizetype i = 0; i < m_framesWriting; ++i)
        m_queuedBytes -= m_queue[i].size();
    m_queue.remove(0, m_framesWriting);
    m_framesWriting = 0;
    if (m_queue.isEmpty()) {
        // An idle connection keeps no queue storage (kept until hibernation, it was freed
        // between the connection's lasting allocations: +0.08 KiB per idle connection at 10k,
        // RESULTS.md srvdecode); the batch goes back to the thread's stock.
        m_queue = {};
        WsFrameBatchStock::ofThisThread().giveBack(std::move(m_batch));
    }
    if (m_closing && m_queue.empty())
        return finishCloseWhenAnswered();
    writeNext();
    readNext(); // resumes reading once the queue has drained below the pause mark
}

template <class Stream> void WsSession<Stream>::closeWith(quint16 code, const QString &reason) {
    if (m_closing || m_dead)
        return;
    m_closing = true;
    m_close = std::make_unique<Closing>();
    m_close->code = code;
    m_close->reason = reason.toStdString().substr(0, kMaxCloseReasonBytes);
    m_close->deadline = Clock::now() + milliseconds(m_edge.limits.closeTimeoutMs);
    armTimer(m_close->deadline);
    finishCloseWhenAnswered();
}

template <class Stream> void WsSession<Stream>::finishCloseWhenAnswered() {
    if (!m_closing || m_closeSent || m_dead || m_hibernating)
        return;
    if (m_parked)
        return wake(); // the closing handshake needs the stream
    // Requests accepted before the close are answered first (within the close deadline)...
    if (m_client && m_client->inFlight() > 0 && Clock::now() < m_close->deadline)
        return;
    // ...and what is queued leaves before the close frame.
    if (m_writing || !m_queue.empty())
        return;
    m_closeSent = true;
    m_close->deadline = Clock::now() + milliseconds(m_edge.limits.closeTimeoutMs);
    armTimer(m_close->deadline);
    m_awake->ws.async_close(
        websocket::close_reason(websocket::close_code(m_close->code), m_close->reason),
        [self = this->shared_from_this()](error_code) {
            // The peer answered (or Beast's close timeout fired): done.
            self->abort(nullptr);
        });
}

template <class Stream> void WsSession<Stream>::sessionStateChanged() {
    if (!m_client || m_dead)
        return;
    if (m_client->session().isValid()) {
        m_authDeadline = Clock::time_point::max();
        if (m_awake) // a parked connection applies it when it wakes (applyStreamOptions)
            m_awake->ws.read_message_max(size_t(protocol::kMaxFrameBytes));
    } else if (m_client->welcomed()) {
        m_authDeadline = Clock::now() + milliseconds(m_edge.limits.loginTimeoutMs);
        armTimer(m_authDeadline);
    }
}

template <class Stream> std::weak_ptr<LiveSession> WsSession<Stream>::liveHandle() {
    // Not through lock(): a strong reference dropped last on the registry's thread would
    // destroy the session there, inside the registry's lock.
    return this->weak_from_this();
}

template <class Stream> boost::asio::any_io_executor WsSession<Stream>::liveExecutor() {
    return m_transport.get_executor();
}

template <class Stream> void WsSession<Stream>::shutdown(quint16 code, const QString &reason) {
    if (m_client)
        m_client->closeWith(code, reason);
    else
        closeWith(code, reason);
}

template <class Stream> void WsSession<Stream>::abort(const char *why) {
    if (m_dead)
        return;
    m_dead = true;
    if (why)
        qCDebug(lcGateway) << "dropping connection from" << m_slot.address() << ":" << why;
    error_code ignored;
    // Cancels the pending read and write, or a hibernated connection's wait.
    beast::get_lowest_layer(m_transport).close(ignored);
    if (m_awake)
        m_awake->timer.cancel();
    else if constexpr (kCanHibernate)
        sleepers().cancel(this);
}

template <class Stream> void WsSession<Stream>::armTimer(Clock::time_point at) {
    if (m_dead || at == Clock::time_point::max())
        return;
    if (!m_awake) {
        // Hibernated: the thread's shared timer (ws_sleepers.h) instead of one of our own.
        if constexpr (kCanHibernate)
            sleepers().schedule(this, at);
        return;
    }
    if (at >= m_timerAt)
        return;
    m_timerAt = at;
    m_awake->timer.expires_at(at);
    m_awake->timer.async_wait(
        withExactSizeAllocator([self = this->shared_from_this()](error_code ec) {
            if (ec == boost::asio::error::operation_aborted)
                return;
            self->m_timerAt = Clock::time_point::max();
            self->onTimer();
        }));
}

template <class Stream> void WsSession<Stream>::onTimer() {
    if (m_dead)
        return;
    const Clock::time_point now = Clock::now();
    if (!m_closing && now >= m_authDeadline) {
        m_authDeadline = Clock::time_point::max();
        m_edge.server.metrics->deadlineClosed();
        const bool welcomed = m_client && m_client->welcomed();
        shutdown(protocol::CloseHandshake, welcomed ? QStringLiteral("log-in not completed in time")
                                                    : QStringLiteral("hello not received in time"));
    }
    const milliseconds writeTimeout(m_edge.limits.writeTimeoutMs);
    if ((m_writing || m_writeHeld) && now - m_writeStartedAt >= writeTimeout) {
        m_edge.server.metrics->slowConsumerDropped();
        return abort("a frame was not taken in time");
    }
    if (m_closing && now >= m_close->deadline) {
        if (m_closeSent)
            return abort("the close was not answered in time");
        if (m_writing || !m_queue.empty())
            return abort("the peer does not read before the close");
        finishCloseWhenAnswered(); // the answer deadline passed: close without them
    }
    // Keep-alive (docs/server.md, --idle-timeout-ms): counted from the last byte received,
    // whatever it was (a pong too), asleep or awake.
    const milliseconds idle(m_edge.limits.idleTimeoutMs);
    const bool keepAlive = m_client && !m_closeSent;
    const Clock::time_point received = m_transportState.lastReceived;
    if (keepAlive) {
        if (now >= received + idle)
            return abort("no byte from the peer within the idle timeout");
        if (now >= received + idle / 2 && m_pingedAt < received)
            sendPing();
    }
    const milliseconds hibernateAfter(m_edge.limits.hibernateAfterMs);
    const bool hibernation = kCanHibernate && hibernateAfter.count() > 0 && !m_parked;
    if (hibernation && !m_hibernateWanted && now >= m_lastActivity + hibernateAfter) {
        m_hibernateWanted = true; // from now on, as soon as the transport is quiet
        tryHibernate();
    }
    if (m_dead)
        return;
    armTimer(nextDeadline());
}

template <class Stream>
typename WsSession<Stream>::Clock::time_point WsSession<Stream>::nextDeadline() const {
    const milliseconds writeTimeout(m_edge.limits.writeTimeoutMs);
    const milliseconds idle(m_edge.limits.idleTimeoutMs);
    const milliseconds hibernateAfter(m_edge.limits.hibernateAfterMs);
    const bool keepAlive = m_client && !m_closeSent;
    const bool hibernation = kCanHibernate && hibernateAfter.count() > 0 && !m_parked;
    const Clock::time_point received = m_transportState.lastReceived;
    Clock::time_point next = Clock::time_point::max();
    if (!m_closing)
        next = std::min(next, m_authDeadline);
    if (m_writing || m_writeHeld)
        next = std::min(next, m_writeStartedAt + writeTimeout);
    if (m_closing)
        next = std::min(next, m_close->deadline);
    if (keepAlive)
        next = std::min(next, m_pingedAt < received ? received + idle / 2 : received + idle);
    if (hibernation && !m_hibernateWanted)
        next = std::min(next, m_lastActivity + hibernateAfter);
    return next;
}

template <class Stream> void WsSession<Stream>::sleeperDue() {
    const auto self = this->shared_from_this(); // onTimer may drop the connection
    onTimer();
}

template <class Stream> WsSleepers &WsSession<Stream>::sleepers() {
    return boost::asio::use_service<WsSleepers>(m_transport.get_executor().context());
}

template <class Stream> void WsSession<Stream>::sendPing() {
    if (m_pinging || m_dead || m_closeSent)
        return;
    m_pingedAt = Clock::now();
    m_pingWanted = true;
    if (m_parked)
        return wake(); // which pings
    if (!m_awake || m_hibernating)
        return; // park() wakes for it
    m_pingWanted = false;
    m_pinging = true;
    m_awake->ws.async_ping({}, [self = this->shared_from_this()](error_code) {
        // A failed ping fails the read too, which ends the connection.
        self->m_pinging = false;
    });
}

template <class Stream> void WsSession<Stream>::noteActivity() {
    m_lastActivity = Clock::now();
    m_hibernateWanted = false;
    if (kCanHibernate && m_edge.limits.hibernateAfterMs > 0)
        armTimer(m_lastActivity + milliseconds(m_edge.limits.hibernateAfterMs));
}

template <class Stream> void WsSession<Stream>::transportQuiet() {
    // Called from inside Beast's operations: the check runs after them.
    if (!m_hibernateWanted || m_checkPosted || m_dead)
        return;
    m_checkPosted = true;
    boost::asio::post(m_transport.get_executor(), [self = this->shared_from_this()] {
        self->m_checkPosted = false;
        self->tryHibernate();
    });
}

template <class Stream> void WsSession<Stream>::transportWritable() {
    // Called from inside Beast's write: frames held back for it go once it has completed.
    if (m_writing || m_writePosted || m_queue.isEmpty() || m_dead)
        return;
    m_writePosted = true;
    boost::asio::post(m_transport.get_executor(), [self = this->shared_from_this()] {
        self->m_writePosted = false;
        self->writeNext();
    });
}

template <class Stream> bool WsSession<Stream>::mayHibernate() const {
    if (!kCanHibernate || !m_hibernateWanted || m_dead || m_closing || m_closeSent || m_parked ||
        m_hibernating)
        return false;
    if (!m_client || !m_client->session().isValid() || m_client->inFlight() > 0)
        return false;
    // Nothing of ours in flight...
    if (m_writing || !m_queue.isEmpty() || m_pinging || m_pingWanted)
        return false;
    // ...nor of Beast's: our read waits between two messages, Beast's read waits for the
    // socket at a frame boundary (so its buffer is empty: frame_boundary_stream.h), and no
    // pong or other frame of Beast's own is being written.
    if (!m_awake || !m_reading || m_awake->in.size() != 0 || !m_awake->ws.is_message_done() ||
        !m_transportState.readWaiting || m_transportState.writesInFlight != 0)
        return false;
    // Woken by the peer: sleep again only once its bytes were read (no wake/park loop on a
    // socket that stays readable).
    return !m_wokenByPeer || m_transportState.reads != m_readsAtWake;
}

template <class Stream> void WsSession<Stream>::tryHibernate() {
    if (!mayHibernate())
        return;
    m_hibernating = true;
    // Beast's read is a readiness wait (the only operation on the socket now): cancelled, or
    // if it already completed, turned into operation_aborted without reading. onRead parks.
    m_transportState.abandonRead = true;
    error_code ignored;
    beast::get_lowest_layer(m_transport).cancel(ignored);
}

template <class Stream> void WsSession<Stream>::park() {
    if constexpr (kCanHibernate) {
        m_hibernating = false;
        // Beast's state, its read buffer and its timer go, and our read buffer (empty:
        // mayHibernate) with the 256 bytes the abandoned read had prepared in it.
        m_awake.reset();
        m_timerAt = Clock::time_point::max(); // the timer went with it
        m_parked = true;
        m_edge.server.metrics->connectionHibernated();
        if (!m_queue.isEmpty() || m_closing || m_pingWanted)
            return wake(); // asked for while the read was being abandoned
        m_transport.async_wait(
            boost::asio::socket_base::wait_read,
            withExactSizeAllocator(
                [self = this->shared_from_this()](error_code ec) { self->onReadable(ec); }));
        armTimer(nextDeadline()); // the keep-alive, on the thread's shared timer
    }
}

template <class Stream> void WsSession<Stream>::onReadable(error_code) {
    if (!m_parked || m_dead)
        return;           // woken meanwhile (the wait was cancelled), or closed
    m_wokenByPeer = true; // an error shows in Beast's first read, which ends the connection
    wake();
}

template <class Stream> void WsSession<Stream>::wake() {
    if constexpr (kCanHibernate) {
        if (!m_parked || m_dead)
            return;
        const bool byPeer = std::exchange(m_wokenByPeer, false);
        m_parked = false;
        m_edge.server.metrics->connectionWoken();
        sleepers().cancel(this); // the stream's own timer takes the deadlines again
        error_code ec;
        m_transport.cancel(ec); // the readiness wait, if it is still pending
        {
            const TransientArenaScope transient; // as in start()
            m_awake = std::make_unique<Awake>(m_transport, m_transportState);
            // A stream opens only through a handshake: accept the synthetic upgrade, its 101
            // swallowed by the layer below (nothing is read: the request is given).
            m_transportState.swallowWrites = true;
            m_awake->ws.accept(wsResumeUpgrade(), ec);
            m_transportState.swallowWrites = false;
        }
        ++m_transportState.beastEvents; // a new stream: its state is read afresh
        if (ec)
            return abort("the WebSocket stream could not be rebuilt");
        applyStreamOptions();
        m_timerAt = Clock::time_point::max();
        armTimer(nextDeadline());
        m_wokenByPeer = byPeer;
        m_readsAtWake = m_transportState.reads;
        readNext();
        writeNext();
        finishCloseWhenAnswered();
        if (std::exchange(m_pingWanted, false))
            sendPing();
    }
}

template class WsSession<EdgeSocket>;
template class WsSession<beast::ssl_stream<EdgeSocket>>;

} // namespace msgr::server
