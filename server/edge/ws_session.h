#pragma once
//! One WebSocket connection on the edge: Beast's stream over a TCP (or TLS) socket, one read
//! and one write in flight, every deadline explicit, and the bytes queued to the peer capped.
//! It is the FrameSink of its ClientSession, which holds the protocol logic. Lives on one
//! connection thread (its socket's io_context) and keeps itself alive through its handlers.
//!
//! Hibernation (plain TCP only): an authenticated connection idle for hibernateAfterMs, with
//! nothing queued, written, in progress or buffered inside Beast (frame_boundary_stream.h),
//! destroys its Beast stream and waits for readability on the bare socket; a readable socket, a
//! frame to send, a close or a keep-alive ping rebuilds the stream on the same socket (a
//! synchronous accept of a synthetic upgrade whose 101 is not sent). The keep-alive (ping at
//! half the idle timeout, drop at all of it) is ours, not Beast's: it must outlive the stream.
//! While hibernated it runs on the thread's shared timer (ws_sleepers.h), not on one of ours.
#include "server/client_session.h"
#include "server/edge/edge_context.h"
#include "server/edge/frame_boundary_stream.h"
#include "server/edge/http_routes.h"
#include "server/edge/ws_frames.h"
#include "server/edge/ws_sleepers.h"

#include "server/edge/edge_socket.h"
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

namespace msgr::server {

template <class Stream>
class WsSession final : public FrameSink,
                        public LiveSession,
                        private TransportListener,
                        private WsSleeper,
                        public std::enable_shared_from_this<WsSession<Stream>> {
public:
    //! The client's address is the slot's (the client behind a trusted proxy, once rebound).
    WsSession(Stream &&stream, ConnectionSlot slot, EdgeContext &edge);
    ~WsSession() override;

    //! Answers the upgrade request and starts the session.
    void start(HttpRequest request);

    // FrameSink
    void sendFrame(const QByteArray &frame) override;
    void closeWith(quint16 code, const QString &reason) override;
    void sessionStateChanged() override;
    // LiveSession
    void shutdown(quint16 code, const QString &reason) override;
    std::weak_ptr<LiveSession> liveHandle() override;
    boost::asio::any_io_executor liveExecutor() override;

private:
    using Clock = std::chrono::steady_clock;
    using WsStream = boost::beast::websocket::stream<FrameBoundaryStream<Stream>, false>;
    static constexpr bool kCanHibernate = FrameBoundaryStream<Stream>::kWaitsAtBoundary;

    void applyStreamOptions();
    void onAccepted(boost::system::error_code ec);
    void readNext();
    void onRead(boost::system::error_code ec, std::size_t bytes);
    void writeNext();
    void onWritten(boost::system::error_code ec);
    void finishCloseWhenAnswered();
    void abort(const char *why);
    void armTimer(Clock::time_point at);
    void onTimer();
    //! The earliest deadline the connection's state asks for (max: none).
    Clock::time_point nextDeadline() const;
    void sleeperDue() override;
    WsSleepers &sleepers();
    bool readingPaused() const;
    //! Whether Beast's stream is open (after Beast's close frame nothing of ours may be
    //! written), read again only after one of Beast's operations completed
    //! (TransportState::beastEvents): Beast's state is cold for a connection that only receives,
    //! and reading it on every write cost a cache miss per frame batch.
    bool beastOpen();

    // Keep-alive and hibernation.
    void sendPing();
    void noteActivity();
    void transportQuiet() override;
    void transportWritable() override;
    bool mayHibernate() const;
    void tryHibernate();
    void park();
    void onReadable(boost::system::error_code ec);
    void wake();

    //! What exists only while the connection is awake: Beast's stream and our read buffer. One
    //! allocation (in the transient arena, as Beast's state), none while hibernated.
    //! The timer too: a hibernated connection's keep-alive runs on its thread's shared timer
    //! (ws_sleepers.h).
    struct Awake {
        Awake(Stream &transport, TransportState &state)
            : ws(transport, state), timer(transport.get_executor()) {}
        // Without permessage-deflate support (the protocol does not use it; never
        // negotiated): no deflate state or code in the stream.
        WsStream ws;
        boost::beast::flat_buffer in;
        EdgeTimer timer;
    };
    //! The close in progress (closeWith): made only when a connection closes.
    struct Closing {
        Clock::time_point deadline;
        quint16 code = 0;
        std::string reason;
    };

    Stream m_transport;
    TransportState m_transportState;
    std::unique_ptr<Awake> m_awake; // empty while hibernated
    Clock::time_point m_timerAt = Clock::time_point::max();
    ConnectionSlot m_slot; // and the client's address
    EdgeContext &m_edge;
    std::shared_ptr<ClientSession> m_client;

    // The first m_framesWriting frames are being written while m_writing. A QList, not a
    // std::deque: an empty deque still allocates a 512-byte block, and most connections have
    // nothing queued most of the time. The write reads the frames' shared data, which a
    // reallocation of the list does not move.
    QList<QByteArray> m_queue;
    qint64 m_queuedBytes = 0;
    bool m_writing = false;
    bool m_writePosted = false; // a writeNext is posted: frames posted before it join its batch
    bool m_writeHeld = false;   // frames wait for a write of Beast's (m_writeStartedAt: since)
    qsizetype m_framesWriting = 0;
    //! The headers and the gather list of the batch being written (ws_frames.h); only while
    //! writing, so an idle connection holds none.
    std::unique_ptr<WsFrameBatch> m_batch;
    Clock::time_point m_writeStartedAt;

    std::uint64_t m_beastEventsSeen = std::numeric_limits<std::uint64_t>::max(); // beastOpen()
    bool m_beastOpen = false;
    bool m_reading = false;
    bool m_pinging = false;
    Clock::time_point m_pingedAt = Clock::time_point::min();
    //! The last message read or frame queued: hibernation counts from here (pings do not).
    Clock::time_point m_lastActivity;
    bool m_hibernateWanted = false; // idle long enough; hibernate once quiet
    bool m_checkPosted = false;
    bool m_hibernating = false; // Beast's read is being abandoned; the stream goes next
    bool m_parked = false;      // no Beast stream; waiting for readability
    bool m_pingWanted = false;  // a keep-alive ping to send once the stream is back
    bool m_wokenByPeer = false; // the last wake was the socket's readability
    std::uint64_t m_readsAtWake = 0;
    Clock::time_point m_authDeadline = Clock::time_point::max(); // hello, then log-in
    bool m_closing = false;   // no more requests; close once answered (m_close is set)
    bool m_closeSent = false; // async_close started
    bool m_dead = false;      // socket closed; nothing more happens
    std::unique_ptr<Closing> m_close;
};

} // namespace msgr::server
