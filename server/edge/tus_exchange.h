#pragma once
//! One tus 1.0 request (docs/protocol.md "Media uploads") on an HttpSession's connection, from
//! its parsed head to its answer: OPTIONS, POST (creation, creation-with-upload), HEAD, PATCH
//! (body streamed to disk in kBodyChunkBytes pieces, checksum checked before the offset moves)
//! and DELETE (termination). The session hands over its stream, buffer and header parser and
//! waits; `finish` gets the answer, or nullopt when the connection must be dropped (the peer
//! went silent mid-body, or a body was left unread). Connection thread only.
#include "server/edge/edge_context.h"
#include "server/edge/http_routes.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace msgr::server {

//! True for the paths tus owns (/files and below).
bool isTusTarget(std::string_view target);

template <class Stream> class TusExchange;

//! Starts the exchange; `finish` runs on the connection thread once. `head` (the session's
//! parser, its head read) is used until then: the body is read through it.
template <class Stream>
void startTusExchange(Stream &stream, boost::beast::flat_buffer &buffer,
                      boost::beast::http::request_parser<boost::beast::http::empty_body> &head,
                      EdgeContext &edge, std::shared_ptr<void> keepAlive,
                      std::function<void(std::optional<HttpResponse>)> finish);

} // namespace msgr::server
