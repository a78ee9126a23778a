#pragma once
//! A tus request (tus_request.h) carried by HTTP/1.1 on an HttpSession's connection: the
//! session hands over its stream, buffer and header parser and waits; the exchange reads the
//! body through Beast in kBodyChunkBytes pieces when the request asks for it (answering
//! `Expect: 100-continue` first), drains a small refused body so that the connection can be
//! kept, and gives `finish` the answer, or nullopt when the connection must be dropped (the
//! peer went silent mid-body, or a body was left unread). Connection thread only.
#include "server/edge/edge_context.h"
#include "server/edge/http_routes.h"
#include "server/edge/tus_request.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace msgr::server {

template <class Stream> class TusExchange;

//! Starts the exchange; `finish` runs on the connection thread once. `head` (the session's
//! parser, its head read) is used until then: the body is read through it.
template <class Stream>
void startTusExchange(Stream &stream, boost::beast::flat_buffer &buffer,
                      boost::beast::http::request_parser<boost::beast::http::empty_body> &head,
                      EdgeContext &edge, std::shared_ptr<void> keepAlive,
                      std::function<void(std::optional<HttpResponse>)> finish);

} // namespace msgr::server
