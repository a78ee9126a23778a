#include "server/edge/http_session.h"

#include "server/edge/download_exchange.h"
#include "server/edge/tus_exchange.h"
#include "server/edge/ws_session.h"
#include "server/metrics.h"

#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace msgr::server {
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<EdgeSocket>;

namespace {
//! RFC 6455 §4.2.1: the key is a base64-encoded 16-byte nonce. Beast checks only its length.
bool isValidWebSocketKey(std::string_view key) {
    constexpr qsizetype kNonceBytes = 16;
    const auto decoded =
        QByteArray::fromBase64Encoding(QByteArray::fromRawData(key.data(), qsizetype(key.size())),
                                       QByteArray::AbortOnBase64DecodingErrors);
    return decoded && decoded.decoded.size() == kNonceBytes;
}
} // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream &&stream, ConnectionSlot slot, EdgeContext &edge)
    : m_stream(std::move(stream)), m_deadline(m_stream.get_executor()), m_slot(std::move(slot)),
      m_edge(edge) {
    error_code ec;
    m_peer = normalized(beast::get_lowest_layer(m_stream).remote_endpoint(ec).address());
}

template <class Stream> void HttpSession<Stream>::armDeadline() {
    m_deadline.expires_after(std::chrono::milliseconds(m_edge.limits.upgradeTimeoutMs));
    m_deadline.async_wait([self = this->shared_from_this()](error_code ec) {
        if (ec == boost::asio::error::operation_aborted || self->m_done)
            return;
        self->m_edge.server.metrics->deadlineClosed();
        self->end(); // cancels the pending handshake or read
    });
}

template <class Stream> void HttpSession<Stream>::start() {
    armDeadline();
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        m_stream.async_handshake(boost::asio::ssl::stream_base::server,
                                 [self = this->shared_from_this()](error_code ec) {
                                     if (ec)
                                         return self->end();
                                     self->readRequest();
                                 });
    } else {
        readRequest();
    }
}

template <class Stream> void HttpSession<Stream>::readRequest() {
    m_parser.emplace();
    m_parser->header_limit(std::uint32_t(m_edge.limits.maxHttpHeaderBytes));
    // The head alone is read here: only tus PATCH/POST (tus_exchange.*) take a body, and they
    // read it in bounded chunks with their own limit. Any other route refuses a body unread.
    m_parser->body_limit(boost::none);
    m_buffer.max_size(size_t(m_edge.limits.maxHttpHeaderBytes));
    http::async_read_header(
        m_stream, m_buffer, *m_parser,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->onRequest(ec); });
}

template <class Stream> void HttpSession<Stream>::serveTus() {
    m_deadline.cancel(); // the exchange keeps its own body deadline; waits on the store are ours
    ++m_served;
    startTusExchange(m_stream, m_buffer, *m_parser, m_edge, this->shared_from_this(),
                     [self = this->shared_from_this()](std::optional<HttpResponse> response) {
                         if (!response)
                             return self->end();
                         // The body's 64 KiB read buffer is not kept for an idle keep-alive.
                         self->m_buffer.shrink_to_fit();
                         if (self->m_served >= self->m_edge.limits.httpKeepAliveRequests)
                             response->keep_alive(false);
                         self->armDeadline(); // bounds the write of the answer
                         self->respond(std::move(*response));
                     });
}

template <class Stream> void HttpSession<Stream>::serveDownload(HttpRequest request) {
    m_deadline.cancel(); // the exchange bounds each write of the file with the write deadline
    ++m_served;
    const bool another = m_served < m_edge.limits.httpKeepAliveRequests;
    startDownload(
        m_stream, std::move(request), m_edge, another, this->shared_from_this(),
        [self = this->shared_from_this()](std::optional<HttpResponse> answer, bool keepAlive) {
            if (answer) {
                self->armDeadline(); // bounds the write of the answer
                return self->respond(std::move(*answer));
            }
            if (!keepAlive)
                return self->end();
            self->armDeadline(); // the keep-alive idle time
            self->readRequest();
        });
}

template <class Stream> void HttpSession<Stream>::onRequest(error_code ec) {
    if (m_done)
        return;
    if (ec == http::error::end_of_stream || ec == boost::asio::error::eof)
        return end();
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        return respond(plainHttpResponse(http::status::request_header_fields_too_large,
                                         "request head too large\n"));
    if (ec == http::error::body_limit || ec == http::error::unexpected_body)
        return respond(plainHttpResponse(http::status::payload_too_large, "no body expected\n"));
    if (ec) {
        if (ec.category() == http::make_error_code(http::error::bad_method).category())
            return respond(plainHttpResponse(http::status::bad_request, "bad request\n"));
        return end(); // socket error or our deadline
    }
    const std::string_view target(m_parser->get().target());
    // A server without an upload service (none is configured) has no tus routes: such a path
    // is answered like any unknown one below.
    // GET of a file is a download (download_exchange.*); every other method there is tus.
    const bool files = m_edge.server.uploads && isTusTarget(target) &&
                       !beast::websocket::is_upgrade(m_parser->get());
    if (files && m_parser->get().method() != http::verb::get)
        return serveTus();
    if (!m_parser->is_done())
        return respond(plainHttpResponse(http::status::payload_too_large, "no body expected\n"));
    HttpRequest request = m_parser->release();
    if (files)
        return serveDownload(std::move(request));
    const auto forwardedHeader = request["X-Forwarded-For"];
    const std::string_view forwarded(forwardedHeader.data(), forwardedHeader.size());
    const boost::asio::ip::address client = clientAddress(m_peer, forwarded, m_edge.trustedProxies);
    if (beast::websocket::is_upgrade(request)) {
        if (!isValidWebSocketKey(request[http::field::sec_websocket_key]))
            return respond(plainHttpResponse(http::status::bad_request,
                                             "Sec-WebSocket-Key is not 16 bytes in base64\n"));
        return upgrade(std::move(request), client);
    }
    ++m_served;
    HttpResponse response = answerHttp(request, client, m_edge);
    if (m_served >= m_edge.limits.httpKeepAliveRequests)
        response.keep_alive(false);
    respond(std::move(response));
}

template <class Stream>
void HttpSession<Stream>::upgrade(HttpRequest request, const boost::asio::ip::address &client) {
    const QString address = QString::fromStdString(client.to_string());
    // Behind a trusted proxy the per-address cap applies to the client, not to the proxy.
    if (!m_slot.rebind(address)) {
        m_edge.server.metrics->connectionRefused();
        return respond(plainHttpResponse(http::status::service_unavailable,
                                         "too many connections from this address\n"));
    }
    m_done = true;
    m_deadline.cancel();
    // The upgrade deadline still holds: Beast's handshake timeout bounds the 101 answer.
    // The slot keeps the address (shared by every connection from it: connection_caps.h).
    std::make_shared<WsSession<Stream>>(std::move(m_stream), std::move(m_slot), m_edge)
        ->start(std::move(request));
}

template <class Stream> void HttpSession<Stream>::respond(HttpResponse response) {
    auto shared = std::make_shared<HttpResponse>(std::move(response));
    http::async_write(m_stream, *shared,
                      [self = this->shared_from_this(), shared](error_code ec, std::size_t) {
                          if (ec || !shared->keep_alive())
                              return self->end();
                          self->m_deadline.cancel();
                          self->armDeadline(); // the keep-alive idle time
                          self->readRequest();
                      });
}

template <class Stream> void HttpSession<Stream>::end() {
    if (m_done)
        return;
    m_done = true;
    m_deadline.cancel();
    error_code ignored;
    auto &socket = beast::get_lowest_layer(m_stream);
    socket.shutdown(EdgeSocket::shutdown_send, ignored);
    socket.close(ignored);
}

template class HttpSession<EdgeSocket>;
template class HttpSession<TlsStream>;

} // namespace msgr::server
