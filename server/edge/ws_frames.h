#pragma once
//! Server-to-client WebSocket frames built by the connection itself, so that several queued
//! frames leave in one write (one sendmsg), where Beast writes one message per call. The bytes
//! are exactly what Beast writes for a message with auto_fragment off, no deflate (never
//! negotiated) and the binary flag (ws_session.cpp's stream options): one final binary frame,
//! unmasked as a server's must be (RFC 6455 §5.1, §5.2).
#include <QByteArray>
#include <QList>

#include <boost/asio/buffer.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace msgr::server {

//! At most this many frames per write: two buffers each (header, payload) fill the 64 that
//! Asio hands to one sendmsg (boost/asio/detail/buffer_sequence_adapter.hpp, max_buffers).
inline constexpr qsizetype kWsFramesPerWrite = 32;

//! The headers and the gather list of one batch: kept by the connection only while it writes.
struct WsFrameBatch {
    //! RFC 6455 §5.2: FIN + opcode, then a 7-bit length, or 126 and 16 bits, or 127 and 64 bits.
    static constexpr std::size_t kMaxHeaderBytes = 10;

    std::array<std::array<std::uint8_t, kMaxHeaderBytes>, kWsFramesPerWrite> headers{};
    std::vector<boost::asio::const_buffer> buffers;

    //! Fills the list with the first `count` (1..kWsFramesPerWrite) of `frames` as final,
    //! unmasked binary frames.
    void build(const QList<QByteArray> &frames, qsizetype count) {
        buffers.clear();
        buffers.reserve(std::size_t(count) * 2);
        for (qsizetype i = 0; i < count; ++i) {
            const QByteArray &payload = frames[i];
            std::array<std::uint8_t, kMaxHeaderBytes> &h = headers[std::size_t(i)];
            const auto length = std::uint64_t(payload.size());
            std::size_t used = 2;
            h[0] = 0x82; // FIN, binary
            if (length < 126) {
                h[1] = std::uint8_t(length);
            } else if (length <= 0xffff) {
                h[1] = 126;
                h[2] = std::uint8_t(length >> 8);
                h[3] = std::uint8_t(length);
                used = 4;
            } else {
                h[1] = 127;
                for (std::size_t b = 0; b < 8; ++b)
                    h[2 + b] = std::uint8_t(length >> (8 * (7 - b)));
                used = 10;
            }
            buffers.emplace_back(h.data(), used);
            if (length > 0)
                buffers.emplace_back(payload.constData(), std::size_t(length));
        }
    }
};

//! A thread's few spare batches: a connection takes one when it starts writing and gives it back
//! once its queue is empty, so a write costs no allocation (a batch keeps its gather list's
//! capacity) and a connection that is not writing holds none. Connection thread only.
class WsFrameBatchStock {
public:
    static WsFrameBatchStock &ofThisThread() {
        thread_local WsFrameBatchStock stock;
        return stock;
    }
    std::unique_ptr<WsFrameBatch> take() {
        if (m_count == 0)
            return std::make_unique<WsFrameBatch>();
        return std::move(m_kept[--m_count]);
    }
    //! Kept if there is room, else freed.
    void giveBack(std::unique_ptr<WsFrameBatch> batch) {
        if (batch && m_count < m_kept.size())
            m_kept[m_count++] = std::move(batch);
    }

private:
    //! Past this many connections writing at once on one thread, batches come from the heap.
    std::array<std::unique_ptr<WsFrameBatch>, 16> m_kept;
    std::size_t m_count = 0;
};

} // namespace msgr::server
