// HTTP/1.1 on the one port: the routes, the limits of the request head, what a GET may carry,
// keep-alive, and upgrade requests that are not quite WebSocket (docs/server.md).
#include "tests/integration/hostile_cases.h"
#include "tests/integration/hostile_wire.h"

#include <QTest>

namespace msgr::test::hostile {
namespace {
// The server's limit on a request head (request line and headers): 8 KiB.
constexpr int kHeadLimit = 8 * 1024;
// Requests served on one keep-alive connection before the server closes it.
constexpr int kKeepAliveRequests = 100;
// /metrics is allowed from this address only (the main server runs with --metrics-from).
const QString kMetricsClient = QStringLiteral("127.0.0.2");

struct Http {
    QString from{};
    bool orClosed = false;
    QByteArray body{};
    int answers = 1;
    HttpAfter after = AfterAny;
};

void row(const char *name, const QByteArray &request, int status, const Http &e = {}) {
    QTest::newRow(name) << request << e.from << status << e.orClosed << e.body << e.answers
                        << int(e.after);
}

QByteArray repeated(const QByteArray &request, int times) {
    QByteArray out;
    for (int i = 0; i < times; ++i)
        out += request;
    return out;
}

QByteArray manyHeaders(int count) {
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(40, 'f') + "\r\n";
    return out;
}
} // namespace

void addHttpCases() {
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("from");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("orClosed");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("answers");
    QTest::addColumn<int>("after");

    // Routes.
    row("http: GET /healthz", httpGet("/healthz"), 200, {.body = "ok", .after = AfterStaysOpen});
    row("http: GET /healthz with a query", httpGet("/healthz?probe=1"), 200, {.body = "ok"});
    row("http: HEAD /healthz", "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200);
    row("http: GET /metrics from an allowed address", httpGet("/metrics"), 200,
        {.from = kMetricsClient, .body = "# HELP"});
    row("http: GET /metrics from another address", httpGet("/metrics"), 403);
    row("http: /metrics with a forged X-Forwarded-For",
        httpGet("/metrics", "X-Forwarded-For: 127.0.0.2\r\n"), 403);
    row("http: /metrics with a forged Forwarded header",
        httpGet("/metrics", "Forwarded: for=127.0.0.2\r\n"), 403);
    row("http: unknown path", httpGet("/admin"), 404);
    row("http: path traversal", httpGet("/../../etc/passwd"), 404);
    row("http: absolute-form target", httpGet("http://127.0.0.1/etc/passwd"), 404);
    row("http: percent-encoded /healthz is not /healthz", httpGet("/%68ealthz"), 404);

    // Methods: only GET and HEAD.
    row("http: POST without a body", "POST /healthz HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405);
    row("http: POST with a body", "POST /healthz HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 413,
        {.orClosed = true});
    row("http: PUT", "PUT / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405);
    row("http: DELETE", "DELETE /metrics HTTP/1.1\r\n\r\n", 405);
    row("http: OPTIONS *", "OPTIONS * HTTP/1.1\r\n\r\n", 405);
    row("http: CONNECT", "CONNECT 127.0.0.1:443 HTTP/1.1\r\n\r\n", 405);
    row("http: TRACE", "TRACE / HTTP/1.1\r\n\r\n", 405);
    row("http: unknown method token", "BREW /healthz HTTP/1.1\r\n\r\n", 405);
    row("http: lower-case get (methods are case-sensitive)", "get /healthz HTTP/1.1\r\n\r\n", 405);

    // The request head is capped at 8 KiB: 431.
    row("http: one header over 8 KiB",
        httpGet("/healthz", "X-Big: " + QByteArray(kHeadLimit, 'a') + "\r\n"), 431);
    row("http: many headers over 8 KiB", httpGet("/healthz", manyHeaders(kHeadLimit / 50)), 431);
    row("http: request target over 8 KiB", httpGet("/" + QByteArray(kHeadLimit + 1, 'a')), 431);
    row("http: upgrade request with an 8 KiB extension header",
        upgradeRequestWith("Sec-WebSocket-Extensions", QByteArray(kHeadLimit, 'x')), 431);

    // Garbage: 400, or closed.
    row("http: TLS ClientHello on the plain port",
        QByteArray::fromHex("160301020001000200030398a7b2c5d1e0f00102030405060708090a0b0c"), 400,
        {.orClosed = true});
    row("http: binary garbage", QByteArray::fromHex("00ff00ff0d0a0d0a"), 400, {.orClosed = true});
    row("http: SSH banner", "SSH-2.0-OpenSSH_9.2\r\n\r\n", 400, {.orClosed = true});
    row("http: unknown protocol name", "GET / FTP/1.1\r\n\r\n", 400, {.orClosed = true});
    row("http: two spaces in the request line", "GET  / HTTP/1.1\r\n\r\n", 400, {.orClosed = true});
    row("http: no version", "GET /healthz\r\n\r\n", 400, {.orClosed = true});
    row("http: header without a colon", httpGet("/healthz", "NoColonHere\r\n"), 400,
        {.orClosed = true});
    row("http: space in a header name", httpGet("/healthz", "Bad Name: x\r\n"), 400,
        {.orClosed = true});
    row("http: NUL in a header value", httpGet("/healthz", QByteArray("X-A: a\0b\r\n", 10)), 400,
        {.orClosed = true});
    row("http: negative Content-Length", httpGet("/healthz", "Content-Length: -1\r\n"), 400,
        {.orClosed = true});
    row("http: 20-digit Content-Length",
        httpGet("/healthz", "Content-Length: 99999999999999999999\r\n"), 400, {.orClosed = true});
    row("http: request smuggling (Content-Length and chunked)",
        httpGet("/healthz", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n") +
            "0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n",
        400, {.orClosed = true});
    row("http: two different Content-Lengths",
        httpGet("/healthz", "Content-Length: 1\r\nContent-Length: 2\r\n"), 400, {.orClosed = true});

    // A GET carries no body: 413, or closed.
    row("http: GET with a body", httpGet("/healthz", "Content-Length: 10\r\n") + "0123456789", 413,
        {.orClosed = true});
    row("http: GET with a chunked body",
        httpGet("/healthz", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", 413,
        {.orClosed = true});

    // Keep-alive and pipelining: up to 100 requests on one connection.
    row("http: HTTP/1.0 closes after the answer", "GET /healthz HTTP/1.0\r\n\r\n", 200,
        {.body = "ok", .after = AfterClosed});
    row("http: Connection: close is honoured", httpGet("/healthz", "Connection: close\r\n"), 200,
        {.after = AfterClosed});
    row("http: 5 pipelined requests", repeated(httpGet("/healthz"), 5), 200,
        {.body = "ok", .answers = 5, .after = AfterStaysOpen});
    row("http: 101 pipelined requests get 100 answers, then the close",
        repeated(httpGet("/healthz"), kKeepAliveRequests + 1), 200,
        {.answers = kKeepAliveRequests, .after = AfterClosed});

    // Upgrade requests that are not valid WebSocket handshakes.
    row("http: upgrade without Sec-WebSocket-Key", upgradeRequestWithout("Sec-WebSocket-Key"), 400);
    row("http: upgrade with a short Sec-WebSocket-Key",
        upgradeRequestWith("Sec-WebSocket-Key", "c2hvcnQ="), 400);
    row("http: upgrade with WebSocket version 8", upgradeRequestWith("Sec-WebSocket-Version", "8"),
        426);
    row("http: upgrade without Sec-WebSocket-Version",
        upgradeRequestWithout("Sec-WebSocket-Version"), 400);
    row("http: upgrade to h2c is not WebSocket", upgradeRequestWith("Upgrade", "h2c"), 404);
    row("http: upgrade without Connection: Upgrade", upgradeRequestWith("Connection", "keep-alive"),
        404);
    row("http: upgrade by POST", upgradeRequest().replace("GET /", "POST /"), 405);
    row("http: upgrade over HTTP/1.0", upgradeRequest().replace("HTTP/1.1", "HTTP/1.0"), 404);
}

} // namespace msgr::test::hostile
