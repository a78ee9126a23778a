#include "server/edge/http_routes.h"

#include "server/metrics.h"
#include "server/store/store.h"

#include <boost/beast/http/field.hpp>

namespace msgr::server {
namespace http = boost::beast::http;

namespace {
constexpr std::string_view kServerName = "msgr-server";

HttpResponse response(http::status status, std::string_view contentType, std::string body,
                      unsigned version) {
    HttpResponse res{status, version};
    res.set(http::field::server, kServerName);
    res.set(http::field::content_type, contentType);
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}
} // namespace

HttpResponse plainHttpResponse(http::status status, std::string body, unsigned version) {
    HttpResponse res = response(status, "text/plain; charset=utf-8", std::move(body), version);
    res.keep_alive(false);
    return res;
}

HttpResponse answerHttp(const HttpRequest &request, const boost::asio::ip::address &client,
                        EdgeContext &edge) {
    const unsigned version = request.version();
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    HttpResponse res;
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        res = response(http::status::method_not_allowed, "text/plain; charset=utf-8",
                       "only GET and HEAD\n", version);
        res.set(http::field::allow, "GET, HEAD");
    } else if (path == "/healthz") {
        // healthy() reads a real table: a server whose database fails is not healthy.
        res = edge.server.store->healthy()
                  ? response(http::status::ok, "text/plain; charset=utf-8", "ok", version)
                  : response(http::status::service_unavailable, "text/plain; charset=utf-8",
                             "store unavailable\n", version);
    } else if (path == "/metrics") {
        if (containsAddress(edge.metricsFrom, client)) {
            const QByteArray text = edge.server.metrics->prometheusText();
            res = response(http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                           std::string(text.constData(), size_t(text.size())), version);
        } else {
            res = response(http::status::forbidden, "text/plain; charset=utf-8",
                           "metrics are not served to this address\n", version);
        }
    } else {
        res =
            response(http::status::not_found, "text/plain; charset=utf-8", "not found\n", version);
    }
    res.keep_alive(request.keep_alive());
    if (request.method() == http::verb::head) {
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

} // namespace msgr::server
