#pragma once
//! The plain HTTP side of the server's port: /healthz and /metrics (media will join them).
//! Connection thread; pure apart from reading the store's health and the counters.
#include "server/edge/edge_context.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace msgr::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::empty_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

HttpResponse answerHttp(const HttpRequest &request, const boost::asio::ip::address &client,
                        EdgeContext &edge);

//! A short plain-text answer (errors, refusals), with `Connection: close`.
HttpResponse plainHttpResponse(boost::beast::http::status status, std::string body,
                               unsigned version = 11);

} // namespace msgr::server
