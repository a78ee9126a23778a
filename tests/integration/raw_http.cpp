#include "tests/integration/raw_http.h"

#include <QDeadlineTimer>

namespace msgr::test {

QByteArray RawHttpReply::header(const QByteArray &name) const {
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

namespace {
QByteArray head(const QByteArray &method, const QByteArray &path, const RawHeaders &headers,
                qsizetype contentLength, bool withLength) {
    QByteArray text = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &[key, value] : headers)
        text += key + ": " + value + "\r\n";
    if (withLength)
        text += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    return text + "Connection: close\r\n\r\n";
}

RawHttpReply parse(const QByteArray &raw) {
    RawHttpReply reply;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
    reply.status = status.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            reply.headers.append(
                {lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
    }
    reply.body = raw.mid(end + 4);
    return reply;
}
} // namespace

RawHttpReply rawHttp(quint16 port, const QByteArray &method, const QByteArray &path,
                     const RawHeaders &headers, const QByteArray &body, int timeoutMs) {
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    const bool withLength = !body.isEmpty() || method == "PATCH" || method == "POST";
    socket.write(head(method, path, headers, body.size(), withLength) + body);
    return readRawReply(socket, timeoutMs);
}

RawHttpReply readRawReply(QTcpSocket &socket, int timeoutMs) {
    QByteArray raw;
    QDeadlineTimer deadline(timeoutMs);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        raw += socket.readAll();
    }
    raw += socket.readAll();
    return parse(raw);
}

bool startPartialRequest(QTcpSocket &socket, quint16 port, const QByteArray &method,
                         const QByteArray &path, const RawHeaders &headers, const QByteArray &body,
                         qsizetype sent) {
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(10'000))
        return false;
    socket.write(head(method, path, headers, body.size(), true) + body.left(sent));
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(10'000))
            return false;
    }
    return true;
}

} // namespace msgr::test
