#include "server/http_endpoint.h"

#include "server/metrics.h"
#include "server/store/store.h"

#include <QTcpSocket>
#include <QTimer>

namespace msgr::server {
namespace {
// A GET for these two paths needs a few hundred bytes; anything bigger is refused.
constexpr qsizetype kMaxRequestHeadBytes = 8 * 1024;
constexpr int kRequestTimeoutMs = 5000;

QByteArray response(int status, const char *reason, const QByteArray &contentType,
                    const QByteArray &body) {
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
           "\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

const QByteArray kText = "text/plain; charset=utf-8";
} // namespace

HttpEndpoint::HttpEndpoint(Store *store, Metrics *metrics, QObject *parent)
    : QTcpServer(parent), m_store(store), m_metrics(metrics) {}

void HttpEndpoint::incomingConnection(qintptr descriptor) {
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    struct State {
        QByteArray head;
        bool answered = false;
    };
    auto state = std::make_shared<State>();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(kRequestTimeoutMs, socket, [socket] { socket->abort(); });
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, state] {
        if (state->answered) {
            socket->readAll(); // one request per connection; the rest is ignored
            return;
        }
        state->head.append(socket->readAll());
        const qsizetype end = state->head.indexOf("\r\n\r\n");
        if (end < 0 && state->head.size() <= kMaxRequestHeadBytes)
            return; // wait for the rest of the head
        state->answered = true;
        if (end < 0 || end > kMaxRequestHeadBytes)
            socket->write(response(431, "Request Header Fields Too Large", kText, "too large\n"));
        else
            respond(socket, state->head.left(end));
        state->head.clear();
        socket->disconnectFromHost();
    });
}

void HttpEndpoint::respond(QTcpSocket *socket, const QByteArray &requestHead) {
    const QList<QByteArray> requestLine = requestHead.left(requestHead.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        socket->write(response(400, "Bad Request", kText, "bad request\n"));
        return;
    }
    const QByteArray &method = requestLine.at(0);
    const QByteArray path = requestLine.at(1).split('?').constFirst();
    if (method != "GET") {
        socket->write(response(405, "Method Not Allowed", kText, "only GET\n"));
        return;
    }
    if (path == "/healthz") {
        if (m_store->healthy())
            socket->write(response(200, "OK", kText, "ok"));
        else
            socket->write(response(503, "Service Unavailable", kText, "store unavailable\n"));
    } else if (path == "/metrics") {
        socket->write(response(200, "OK", "text/plain; version=0.0.4; charset=utf-8",
                               m_metrics->prometheusText()));
    } else {
        socket->write(response(404, "Not Found", kText, "not found\n"));
    }
}

} // namespace msgr::server
