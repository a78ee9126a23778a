#pragma once
//! A freshly accepted connection until it is a WebSocket: the TLS handshake (when TLS is on),
//! the HTTP request, then either the upgrade (handed to a WsSession) or plain HTTP answers
//! with keep-alive; a tus request (/files) is handed to a TusExchange until its answer, a GET
//! of a file to a DownloadExchange until the file is sent. One
//! deadline covers everything from accept to the upgrade, so a socket that never sends a
//! complete request is closed on time (an upload's body has its own). Connection thread only.
#include "server/edge/edge_context.h"
#include "server/edge/http_routes.h"

#include "server/edge/edge_socket.h"
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <optional>

namespace msgr::server {

template <class Stream>
class HttpSession final : public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    HttpSession(Stream &&stream, ConnectionSlot slot, EdgeContext &edge);

    void start();

private:
    void readRequest();
    void onRequest(boost::system::error_code ec);
    //! Hands the connection to a tus exchange (/files) until its answer is ready.
    void serveTus();
    //! Hands the connection to a download (GET /files/<id>) until the file is sent.
    void serveDownload(HttpRequest request);
    void respond(HttpResponse response);
    void upgrade(HttpRequest request, const boost::asio::ip::address &client);
    void end();
    void armDeadline();

    Stream m_stream;
    boost::beast::flat_buffer m_buffer;
    EdgeTimer m_deadline;
    std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> m_parser;
    ConnectionSlot m_slot;
    EdgeContext &m_edge;
    boost::asio::ip::address m_peer;
    int m_served = 0;
    bool m_done = false;
};

} // namespace msgr::server
