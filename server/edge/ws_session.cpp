#include "server/edge/ws_session.h"

#include "protocol/limits.h"
#include "server/metrics.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

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
} // namespace

template <class Stream>
WsSession<Stream>::WsSession(Stream &&stream, ConnectionSlot slot, EdgeContext &edge,
                             QString clientAddress)
    : m_ws(std::move(stream)), m_timer(m_ws.get_executor()), m_slot(std::move(slot)), m_edge(edge),
      m_clientAddress(std::move(clientAddress)) {}

template <class Stream> WsSession<Stream>::~WsSession() {
    if (m_client) {
        m_edge.registry.remove(this);
        m_client->detachSink();
    }
    // m_client goes here: it leaves the fan-out bus and the connection count.
}

template <class Stream> void WsSession<Stream>::start(HttpRequest request) {
    const EdgeLimits &limits = m_edge.limits;
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = milliseconds(limits.closeTimeoutMs); // the 101 and the close
    timeouts.idle_timeout = milliseconds(limits.idleTimeoutMs);
    timeouts.keep_alive_pings = true;
    m_ws.set_option(timeouts);
    m_ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type &res) { res.set(beast::http::field::server, "msgr-server"); }));
    m_ws.read_message_max(size_t(limits.preLoginMessageBytes));
    m_ws.auto_fragment(false);
    m_ws.binary(true);
    m_ws.async_accept(request,
                      [self = this->shared_from_this()](error_code ec) { self->onAccepted(ec); });
}

template <class Stream> void WsSession<Stream>::onAccepted(error_code ec) {
    if (ec) {
        m_dead = true;
        return;
    }
    auto executor = m_ws.get_executor();
    m_client = ClientSession::create(
        m_edge.server, *this, m_clientAddress,
        [executor](std::function<void()> fn) { boost::asio::post(executor, std::move(fn)); });
    m_edge.registry.add(this, std::weak_ptr<LiveSession>(this->shared_from_this()), executor);
    m_authDeadline = Clock::now() + milliseconds(m_edge.limits.helloTimeoutMs);
    armTimer(m_authDeadline);
    readNext();
}

template <class Stream> bool WsSession<Stream>::readingPaused() const {
    return m_queuedBytes > m_edge.limits.queuePauseBytes;
}

template <class Stream> void WsSession<Stream>::readNext() {
    if (m_reading || m_closing || m_dead || !m_client || readingPaused())
        return;
    m_reading = true;
    // A message is read in pieces (Beast still enforces read_message_max over the whole of
    // it). The first piece is small: it is the buffer an idle connection holds while it waits
    // (async_read would prepare 1,536 bytes for each idle peer); most requests fit in it, the
    // rest of a longer one follows in one more read (Beast then asks for the frame's remainder).
    const std::size_t limit = m_in.size() == 0 ? kWsIdleReadBytes : 0; // 0: Beast's hint
    m_ws.async_read_some(m_in, limit,
                         [self = this->shared_from_this()](error_code ec, std::size_t bytes) {
                             self->onRead(ec, bytes);
                         });
}

template <class Stream> void WsSession<Stream>::onRead(error_code ec, std::size_t) {
    m_reading = false;
    if (ec) {
        // Closed by the peer (Beast has answered its close frame), a protocol violation (Beast
        // has sent 1002/1009 and torn down), the idle timeout, or our own abort: either way
        // the connection is over.
        if (!m_dead && ec != websocket::error::closed)
            qCDebug(lcGateway) << "connection from" << m_clientAddress
                               << "ended:" << ec.message().c_str();
        m_dead = true;
        m_timer.cancel();
        return;
    }
    if (!m_ws.is_message_done())
        return readNext(); // more of this message to come
    if (!m_dead && !m_closing) {
        const auto data = m_in.cdata();
        m_client->onMessage(
            QByteArrayView(static_cast<const char *>(data.data()), qsizetype(data.size())),
            m_ws.got_text());
    }
    // An idle connection keeps no read buffer: most are idle most of the time.
    m_in.consume(m_in.size());
    m_in.shrink_to_fit();
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
    writeNext();
}

template <class Stream> void WsSession<Stream>::writeNext() {
    if (m_writing || m_queue.empty() || m_dead)
        return;
    m_writing = true;
    m_writeStartedAt = Clock::now();
    armTimer(m_writeStartedAt + milliseconds(m_edge.limits.writeTimeoutMs));
    const QByteArray &frame = m_queue.constFirst();
    m_ws.async_write(
        boost::asio::buffer(frame.constData(), size_t(frame.size())),
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWritten(ec); });
}

template <class Stream> void WsSession<Stream>::onWritten(error_code ec) {
    m_writing = false;
    if (ec) {
        abort("write failed");
        return;
    }
    m_queuedBytes -= m_queue.constFirst().size();
    m_queue.removeFirst();
    if (m_queue.isEmpty())
        m_queue = {}; // an idle connection keeps no queue storage
    if (m_closing && m_queue.empty())
        return finishCloseWhenAnswered();
    writeNext();
    readNext(); // resumes reading once the queue has drained below the pause mark
}

template <class Stream> void WsSession<Stream>::closeWith(quint16 code, const QString &reason) {
    if (m_closing || m_dead)
        return;
    m_closing = true;
    m_closeCode = code;
    m_closeReason = reason.toStdString().substr(0, kMaxCloseReasonBytes);
    m_closeDeadline = Clock::now() + milliseconds(m_edge.limits.closeTimeoutMs);
    armTimer(m_closeDeadline);
    finishCloseWhenAnswered();
}

template <class Stream> void WsSession<Stream>::finishCloseWhenAnswered() {
    if (!m_closing || m_closeSent || m_dead)
        return;
    // Requests accepted before the close are answered first (within the close deadline)...
    if (m_client && m_client->inFlight() > 0 && Clock::now() < m_closeDeadline)
        return;
    // ...and what is queued leaves before the close frame.
    if (m_writing || !m_queue.empty())
        return;
    m_closeSent = true;
    m_closeDeadline = Clock::now() + milliseconds(m_edge.limits.closeTimeoutMs);
    armTimer(m_closeDeadline);
    m_ws.async_close(websocket::close_reason(websocket::close_code(m_closeCode), m_closeReason),
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
        m_ws.read_message_max(size_t(protocol::kMaxFrameBytes));
    } else if (m_client->welcomed()) {
        m_authDeadline = Clock::now() + milliseconds(m_edge.limits.loginTimeoutMs);
        armTimer(m_authDeadline);
    }
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
        qCDebug(lcGateway) << "dropping connection from" << m_clientAddress << ":" << why;
    error_code ignored;
    beast::get_lowest_layer(m_ws).close(ignored); // cancels the pending read and write
    m_timer.cancel();
}

template <class Stream> void WsSession<Stream>::armTimer(Clock::time_point at) {
    if (m_dead || at >= m_timerAt)
        return;
    m_timerAt = at;
    m_timer.expires_at(at);
    m_timer.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec == boost::asio::error::operation_aborted)
            return;
        self->m_timerAt = Clock::time_point::max();
        self->onTimer();
    });
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
    if (m_writing && now - m_writeStartedAt >= writeTimeout) {
        m_edge.server.metrics->slowConsumerDropped();
        return abort("a frame was not taken in time");
    }
    if (m_closing && now >= m_closeDeadline) {
        if (m_closeSent)
            return abort("the close was not answered in time");
        if (m_writing || !m_queue.empty())
            return abort("the peer does not read before the close");
        finishCloseWhenAnswered(); // the answer deadline passed: close without them
    }
    Clock::time_point next = Clock::time_point::max();
    if (!m_closing)
        next = std::min(next, m_authDeadline);
    if (m_writing)
        next = std::min(next, m_writeStartedAt + writeTimeout);
    if (m_closing)
        next = std::min(next, m_closeDeadline);
    if (next != Clock::time_point::max())
        armTimer(next);
}

template class WsSession<boost::asio::ip::tcp::socket>;
template class WsSession<beast::ssl_stream<boost::asio::ip::tcp::socket>>;

} // namespace msgr::server
