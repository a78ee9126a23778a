#pragma once
//! The layer between Beast's websocket stream and the socket: it passes every byte through
//! unchanged, and watches the frame headers go by, so the connection can tell when Beast holds
//! no byte of the peer's (and may be destroyed to hibernate an idle connection, ws_session.h).
//! Connection thread only, like the socket under it.
//!
//! Why this proves Beast's read buffer empty (Boost 1.81, websocket/impl/read.hpp): Beast asks
//! its next layer for bytes only when its buffer lacks a whole frame header (read.hpp:173-196,
//! `parse_fh` returning false for want of bytes) or for the rest of a frame's payload
//! (read.hpp:419-437, 485, 535). Its buffer then holds exactly the bytes after the last frame
//! it consumed. When every byte this layer handed up belongs to a whole frame (`atBoundary()`)
//! and Beast asks for more, those bytes are a (possibly empty) run of whole frames; one whole
//! frame would have parsed (`parse_fh` wants a control frame's whole payload, and has it:
//! stream_impl.hpp:816-822), so the run is empty and Beast's buffer is. Whether Beast is inside
//! a fragmented message is public (`is_message_done()`); nothing else of the read side is kept
//! across messages. The watcher reads the 2-14 header bytes only (RFC 6455 §5.2: the length
//! and mask bit), never a payload; a header Beast refuses fails the connection anyway.
#include "server/edge/edge_socket.h"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <type_traits>

namespace msgr::server {

//! Where the bytes handed up stand relative to RFC 6455 frames: inside a header, inside a
//! payload, or between two frames.
class FrameBoundaryTracker {
public:
    void consume(const std::uint8_t *bytes, std::size_t n) {
        while (n > 0) {
            if (m_payloadLeft > 0) {
                const std::size_t skip = std::size_t(std::min<std::uint64_t>(m_payloadLeft, n));
                m_payloadLeft -= skip;
                bytes += skip;
                n -= skip;
                continue;
            }
            m_head[m_headHave++] = *bytes++;
            --n;
            if (m_headHave == 2) {
                const std::uint8_t len7 = m_head[1] & 0x7f;
                const std::uint8_t extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
                const std::uint8_t mask = (m_head[1] & 0x80) != 0 ? 4 : 0;
                m_headNeed = std::uint8_t(2 + extended + mask);
            }
            if (m_headHave >= 2 && m_headHave == m_headNeed)
                headerDone();
        }
    }
    bool atBoundary() const { return m_headHave == 0 && m_payloadLeft == 0; }

private:
    void headerDone() {
        const std::uint8_t len7 = m_head[1] & 0x7f;
        std::uint64_t length = len7;
        if (len7 == 126)
            length = (std::uint64_t(m_head[2]) << 8) | m_head[3];
        else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = (length << 8) | m_head[std::size_t(i)];
        }
        m_payloadLeft = length;
        m_headHave = 0;
        m_headNeed = 2;
    }

    std::array<std::uint8_t, 14> m_head{};
    std::uint8_t m_headHave = 0;
    std::uint8_t m_headNeed = 2;
    std::uint64_t m_payloadLeft = 0;
};

//! Told when the transport became quiet: Beast waits for bytes at a frame boundary and nothing
//! is being written; and when a write of Beast's own (a pong, a ping, a close) ended, so frames
//! held back for it may go. Called from inside Beast's operations: it may only post.
class TransportListener {
public:
    virtual void transportQuiet() = 0;
    virtual void transportWritable() = 0;

protected:
    ~TransportListener() = default;
};

//! What the layer knows; kept by the connection, so it outlives the Beast stream (which owns
//! its next layer) when that is destroyed.
struct TransportState {
    FrameBoundaryTracker frames;
    std::chrono::steady_clock::time_point lastReceived{};
    TransportListener *listener = nullptr;
    std::uint64_t reads = 0; //!< reads that returned bytes
    //! Reads and writes of Beast's that completed (and streams rebuilt): Beast's own state
    //! (open, closing, failed) changes only in what follows one of them, so a connection reads
    //! that state again only when this moved (WsSession::beastOpen).
    std::uint64_t beastEvents = 0;
    int writesInFlight = 0;
    //! A read of Beast's waits for the socket to be readable, at a frame boundary.
    bool readWaiting = false;
    //! Complete that read with operation_aborted without reading (bytes stay in the kernel).
    bool abandonRead = false;
    //! Synchronous writes succeed without sending: the 101 of a synthetic re-accept.
    bool swallowWrites = false;
    //! A batch of the connection's own frames is being written (async_write_frames).
    bool framesWriting = false;
    //! A write of Beast's that began while a batch was being written: it waits for the batch,
    //! so the two never interleave on the socket (resumed by FramesOp; at most one, as Beast
    //! writes one thing at a time).
    boost::asio::any_completion_handler<void(boost::system::error_code)> heldWrite;
};

//! Stores `write` as the held write. Never by assignment: Boost 1.81's move assignment of
//! any_completion_handler (any_completion_handler.hpp:580-584) passes its argument on as an
//! lvalue, which picks the converting constructor, which wraps the handler in another one and
//! so on without end: a stack overflow (8 MiB of nested wrappers, each allocated) on the first
//! write of Beast's (a pong, a close) that had to wait for a batch. Construct, then swap.
template <class Handler> void holdWrite(TransportState &state, Handler &&write) {
    boost::asio::any_completion_handler<void(boost::system::error_code)> held(
        std::forward<Handler>(write));
    state.heldWrite.swap(held);
}

template <class Stream> class FrameBoundaryStream {
public:
    using executor_type = typename Stream::executor_type;
    using next_layer_type = Stream;
    //! Plain TCP waits for readiness before each read at a frame boundary (so a read can be
    //! abandoned without taking bytes from the kernel); TLS passes reads straight through.
    static constexpr bool kWaitsAtBoundary = std::is_same_v<Stream, EdgeSocket>;

    FrameBoundaryStream(Stream &stream, TransportState &state)
        : m_stream(&stream), m_state(&state) {}

    executor_type get_executor() noexcept { return m_stream->get_executor(); }
    Stream &next_layer() noexcept { return *m_stream; }
    const Stream &next_layer() const noexcept { return *m_stream; }

    template <class MutableBuffers, class Handler>
    auto async_read_some(const MutableBuffers &buffers, Handler &&handler) {
        return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
            ReadOp<MutableBuffers>{m_stream, m_state, buffers}, handler, *m_stream);
    }

    template <class ConstBuffers, class Handler>
    auto async_write_some(const ConstBuffers &buffers, Handler &&handler) {
        return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
            WriteOp<ConstBuffers>{m_stream, m_state, buffers}, handler, *m_stream);
    }

    //! Writes `buffers` (whole WebSocket frames the connection built itself: several frames in
    //! one write, where Beast writes one message per call) to the socket, all of it. The
    //! caller starts it only when no write of Beast's is in flight (writesInFlight == 0); a
    //! write of Beast's that starts meanwhile waits for it. `buffers` must outlive the write.
    template <class ConstBuffers, class Handler>
    auto async_write_frames(const ConstBuffers &buffers, Handler &&handler) {
        return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
            FramesOp<ConstBuffers>{m_stream, m_state, buffers}, handler, *m_stream);
    }

    // SyncStream, for Beast's synchronous accept of a synthetic upgrade (its 101 is swallowed).
    // Nothing else reads or writes synchronously.
    template <class MutableBuffers>
    std::size_t read_some(const MutableBuffers &buffers, boost::system::error_code &ec) {
        const std::size_t n = m_stream->read_some(buffers, ec);
        observe(m_state, buffers, n);
        return n;
    }
    template <class MutableBuffers> std::size_t read_some(const MutableBuffers &buffers) {
        boost::system::error_code ec;
        const std::size_t n = read_some(buffers, ec);
        if (ec)
            throw boost::system::system_error(ec);
        return n;
    }
    template <class ConstBuffers>
    std::size_t write_some(const ConstBuffers &buffers, boost::system::error_code &ec) {
        if (m_state->swallowWrites) {
            ec = {};
            return boost::asio::buffer_size(buffers);
        }
        return m_stream->write_some(buffers, ec);
    }
    template <class ConstBuffers> std::size_t write_some(const ConstBuffers &buffers) {
        boost::system::error_code ec;
        const std::size_t n = write_some(buffers, ec);
        if (ec)
            throw boost::system::system_error(ec);
        return n;
    }

private:
    template <class MutableBuffers>
    static void observe(TransportState *state, const MutableBuffers &buffers, std::size_t n) {
        if (n == 0)
            return;
        state->lastReceived = std::chrono::steady_clock::now();
        ++state->reads;
        for (auto it = boost::asio::buffer_sequence_begin(buffers);
             n > 0 && it != boost::asio::buffer_sequence_end(buffers); ++it) {
            const boost::asio::mutable_buffer piece(*it);
            const std::size_t take = std::min(n, piece.size());
            state->frames.consume(static_cast<const std::uint8_t *>(piece.data()), take);
            n -= take;
        }
    }

    template <class MutableBuffers> struct ReadOp {
        Stream *stream;
        TransportState *state;
        MutableBuffers buffers;
        enum class Phase { Start, Waiting, Reading } phase = Phase::Start;

        template <class Self>
        void operator()(Self &self, boost::system::error_code ec = {}, std::size_t n = 0) {
            switch (phase) {
            case Phase::Start:
                if constexpr (kWaitsAtBoundary) {
                    if (state->frames.atBoundary())
                        return waitReadable(self, true);
                }
                phase = Phase::Reading;
                stream->async_read_some(buffers, std::move(self));
                return;
            case Phase::Waiting:
                if constexpr (kWaitsAtBoundary) {
                    state->readWaiting = false;
                    if (state->abandonRead) {
                        state->abandonRead = false;
                        ++state->beastEvents;
                        return self.complete(boost::asio::error::operation_aborted, 0);
                    }
                    if (!ec) {
                        // Readable: take what is there without blocking (the socket is in
                        // non-blocking mode, ws_session.cpp).
                        n = stream->read_some(buffers, ec);
                        if (ec == boost::asio::error::would_block ||
                            ec == boost::asio::error::try_again)
                            return waitReadable(self, false);
                    }
                }
                break;
            case Phase::Reading:
                break;
            }
            observe(state, buffers, n);
            ++state->beastEvents;
            self.complete(ec, n);
        }

        template <class Self> void waitReadable(Self &self, bool tell) {
            phase = Phase::Waiting;
            state->readWaiting = true;
            if (tell && state->writesInFlight == 0 && state->listener)
                state->listener->transportQuiet();
            stream->async_wait(boost::asio::socket_base::wait_read, std::move(self));
        }
    };

    template <class ConstBuffers> struct WriteOp {
        Stream *stream;
        TransportState *state;
        ConstBuffers buffers;
        enum class Phase { Start, Held, Writing } phase = Phase::Start;

        template <class Self>
        void operator()(Self &self, boost::system::error_code ec = {}, std::size_t n = 0) {
            switch (phase) {
            case Phase::Start:
                if (state->framesWriting) {
                    // A batch of frames is on its way: this write (of Beast's) follows it.
                    phase = Phase::Held;
                    holdWrite(*state, std::move(self));
                    return;
                }
                [[fallthrough]];
            case Phase::Held:
                phase = Phase::Writing;
                ++state->writesInFlight;
                stream->async_write_some(buffers, std::move(self));
                return;
            case Phase::Writing:
                break;
            }
            // Told before the completion: after it, the connection may be gone. The listener
            // only posts a check, which runs after Beast's handler.
            --state->writesInFlight;
            ++state->beastEvents;
            if (state->writesInFlight == 0 && state->listener) {
                if (state->readWaiting)
                    state->listener->transportQuiet();
                state->listener->transportWritable();
            }
            self.complete(ec, n);
        }
    };

    template <class ConstBuffers> struct FramesOp {
        Stream *stream;
        TransportState *state;
        ConstBuffers buffers;
        bool started = false;

        template <class Self>
        void operator()(Self &self, boost::system::error_code ec = {}, std::size_t n = 0) {
            if (!started) {
                started = true;
                ++state->writesInFlight;
                state->framesWriting = true;
                boost::asio::async_write(*stream, buffers, std::move(self));
                return;
            }
            state->framesWriting = false;
            --state->writesInFlight;
            if (state->heldWrite) {
                // Beast's write goes first (it counts as in flight before our handler runs,
                // so the connection's next batch waits for it in turn).
                auto held = std::move(state->heldWrite);
                state->heldWrite = nullptr;
                std::move(held)(boost::system::error_code{});
            } else if (state->writesInFlight == 0 && state->readWaiting && state->listener) {
                state->listener->transportQuiet();
            }
            self.complete(ec, n);
        }
    };

    Stream *m_stream;
    TransportState *m_state;
};

// Beast's closing handshake tears the connection down through its next layer: that of the
// stream underneath (TCP: shutdown and drain; TLS: close_notify).
template <class Stream>
void teardown(boost::beast::role_type role, FrameBoundaryStream<Stream> &stream,
              boost::system::error_code &ec) {
    using boost::beast::websocket::teardown;
    teardown(role, stream.next_layer(), ec);
}

template <class Stream, class Handler>
void async_teardown(boost::beast::role_type role, FrameBoundaryStream<Stream> &stream,
                    Handler &&handler) {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, stream.next_layer(), std::forward<Handler>(handler));
}

} // namespace msgr::server
