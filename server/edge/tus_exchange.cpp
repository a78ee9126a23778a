#include "server/edge/tus_exchange.h"

#include "server/edge/edge_socket.h"
#include "server/media/upload_limits.h"
#include "server/metrics.h"

#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <netinet/tcp.h>

namespace msgr::server {
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using TlsStream = beast::ssl_stream<EdgeSocket>;

template <class Stream>
class TusExchange final : public TusTransport,
                          public std::enable_shared_from_this<TusExchange<Stream>> {
public:
    using HeadParser = http::request_parser<http::empty_body>;
    using Finish = std::function<void(std::optional<HttpResponse>)>;

    TusExchange(Stream &stream, beast::flat_buffer &buffer, HeadParser &head, EdgeContext &edge,
                std::shared_ptr<void> keepAlive, Finish finish)
        : m_stream(stream), m_buffer(buffer), m_head(head), m_edge(edge),
          m_keepAlive(std::move(keepAlive)), m_finish(std::move(finish)),
          m_deadline(stream.get_executor()) {}

    void start() {
        m_request = std::make_shared<TusRequest>(m_edge, m_stream.get_executor(), *this);
        m_self = this->shared_from_this(); // until finish: the request holds only a reference
        m_request->start(m_head.get(), !m_head.is_done());
    }

    void readBody(std::uint64_t limit) override;
    void finish(std::optional<HttpResponse> response, bool bodyUnread) override;

private:
    using BodyParser = http::request_parser<http::buffer_body>;

    void startBody(std::uint64_t limit);
    void readChunk();
    void onChunk(error_code ec);
    void answer(std::optional<HttpResponse> response);
    void armDeadline();
    bool expects100Continue() const {
        return beast::iequals(m_head.get()[http::field::expect], "100-continue");
    }

    Stream &m_stream;
    beast::flat_buffer &m_buffer;
    HeadParser &m_head; // the session's; untouched by it until `finish`
    std::optional<BodyParser> m_body;
    EdgeContext &m_edge;
    std::shared_ptr<void> m_keepAlive; // the HttpSession, which owns the stream and buffer
    Finish m_finish;
    boost::asio::steady_timer m_deadline;
    std::shared_ptr<TusRequest> m_request;
    std::shared_ptr<TusExchange> m_self;
    std::vector<char> m_chunk;
    std::optional<HttpResponse> m_drained; // the answer sent once a refused body is drained
    bool m_answered = false;
};

template <class Stream> void TusExchange<Stream>::startBody(std::uint64_t limit) {
    m_body.emplace(std::move(m_head));
    m_body->body_limit(limit);
    m_buffer.max_size(media::kBodyChunkBytes);
    // Beast reads max(512, free capacity) bytes at a time: without room made here the buffer
    // keeps the head's small capacity and a 1 MiB part costs some 2,000 recv calls of 512 bytes
    // (bench/media_upload/RESULTS.md). The session shrinks it again after the exchange.
    m_buffer.reserve(media::kBodyChunkBytes);
    m_chunk.resize(media::kBodyChunkBytes);
}

template <class Stream> void TusExchange<Stream>::readBody(std::uint64_t limit) {
    const bool expectsContinue = expects100Continue();
    startBody(limit);
    if (!expectsContinue)
        return readChunk();
    // The client (curl, for one) waits for this before it sends the body.
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                      m_body->get().version());
    armDeadline();
    http::async_write(m_stream, *interim,
                      [self = this->shared_from_this(), interim](error_code ec, std::size_t) {
                          self->m_deadline.cancel();
                          if (ec)
                              return self->m_request->bodyFailed(TusBodyFailure::Cut);
                          self->readChunk();
                      });
}

template <class Stream> void TusExchange<Stream>::readChunk() {
#ifdef TCP_QUICKACK
    // ACK the body at once. Reading it in 64 KiB pieces drains the socket quickly, so Linux
    // falls back to delayed ACKs; a client that sends the part's last short segment only once
    // the rest is ACKed (Nagle) then waits up to 40 ms per part: measured, single uploads took
    // 1.7-2x as long (bench/media_upload/RESULTS.md). Linux clears the flag by itself, hence
    // once per read.
    error_code ignored;
    beast::get_lowest_layer(m_stream).set_option(
        boost::asio::detail::socket_option::boolean<IPPROTO_TCP, TCP_QUICKACK>(true), ignored);
#endif
    m_body->get().body().data = m_chunk.data();
    m_body->get().body().size = m_chunk.size();
    armDeadline();
    http::async_read(
        m_stream, m_buffer, *m_body,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onChunk(ec); });
}

template <class Stream> void TusExchange<Stream>::onChunk(error_code ec) {
    m_deadline.cancel();
    if (ec == http::error::need_buffer)
        ec = {};
    const size_t received = m_chunk.size() - m_body->get().body().size;
    if (m_drained) { // a refused body, read and dropped
        if (ec)
            return answer(std::nullopt);
        if (!m_body->is_done())
            return readChunk();
        return answer(std::move(m_drained));
    }
    if (received > 0 && !m_request->bodyBytes(m_chunk.data(), received))
        return; // the request has answered
    if (ec)
        return m_request->bodyFailed(ec == http::error::body_limit ? TusBodyFailure::OverLimit
                                                                   : TusBodyFailure::Cut);
    if (!m_body->is_done())
        return readChunk();
    m_request->bodyEnded();
}

template <class Stream>
void TusExchange<Stream>::finish(std::optional<HttpResponse> response, bool bodyUnread) {
    m_deadline.cancel();
    if (!response || !bodyUnread)
        return answer(std::move(response));
    if (m_body) { // the body was being read: the connection cannot be kept
        response->keep_alive(false);
        return answer(std::move(response));
    }
    // Refused before its body: a small body is read and dropped so that the connection can be
    // kept; a client waiting for 100 Continue sends none after a final answer.
    const auto declared = m_head.content_length();
    if (!declared || qint64(*declared) > media::kMaxDrainedBodyBytes || expects100Continue()) {
        response->keep_alive(false);
        return answer(std::move(response));
    }
    m_drained = std::move(response);
    startBody(*declared);
    readChunk();
}

template <class Stream> void TusExchange<Stream>::answer(std::optional<HttpResponse> response) {
    if (m_answered)
        return;
    m_answered = true;
    m_deadline.cancel();
    if (response && response->keep_alive())
        response->keep_alive(m_body ? m_body->get().keep_alive() : m_head.get().keep_alive());
    auto finish = std::move(m_finish);
    auto self = std::move(m_self); // this lives until the end of the call
    finish(std::move(response));
}

template <class Stream> void TusExchange<Stream>::armDeadline() {
    m_deadline.expires_after(std::chrono::milliseconds(media::kPatchReadIdleMs));
    m_deadline.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec == boost::asio::error::operation_aborted || self->m_answered)
            return;
        self->m_edge.server.metrics->deadlineClosed();
        // Cancelled, not closed: the read ends with an error, the bytes that arrived are
        // recorded (TusRequest::bodyFailed), and only then does the session close the
        // connection.
        error_code ignored;
        beast::get_lowest_layer(self->m_stream).cancel(ignored);
    });
}

template <class Stream>
void startTusExchange(Stream &stream, beast::flat_buffer &buffer,
                      http::request_parser<http::empty_body> &head, EdgeContext &edge,
                      std::shared_ptr<void> keepAlive,
                      std::function<void(std::optional<HttpResponse>)> finish) {
    std::make_shared<TusExchange<Stream>>(stream, buffer, head, edge, std::move(keepAlive),
                                          std::move(finish))
        ->start();
}

template void startTusExchange<EdgeSocket>(EdgeSocket &, beast::flat_buffer &,
                                           http::request_parser<http::empty_body> &, EdgeContext &,
                                           std::shared_ptr<void>,
                                           std::function<void(std::optional<HttpResponse>)>);
template void startTusExchange<TlsStream>(TlsStream &, beast::flat_buffer &,
                                          http::request_parser<http::empty_body> &, EdgeContext &,
                                          std::shared_ptr<void>,
                                          std::function<void(std::optional<HttpResponse>)>);

} // namespace msgr::server
