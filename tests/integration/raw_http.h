#pragma once
//! A minimal blocking HTTP/1.1 client over QTcpSocket for tests that must control every byte
//! (tus headers, a body cut in the middle). Each request uses its own connection
//! (`Connection: close`). Main thread only.
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpSocket>

namespace msgr::test {

struct RawHttpReply {
    int status = 0; // 0: no answer
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    //! The value of a header (case-insensitive name), or a null QByteArray.
    QByteArray header(const QByteArray &name) const;
};

using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

//! Sends one request and reads the answer until the server closes (at most `timeoutMs`).
RawHttpReply rawHttp(quint16 port, const QByteArray &method, const QByteArray &path,
                     const RawHeaders &headers, const QByteArray &body = {},
                     int timeoutMs = 15'000);

//! Opens a connection and sends the head and only `sent` bytes of `body` (whose full size is
//! announced in Content-Length); the socket stays open, for killing the peer mid-body.
bool startPartialRequest(QTcpSocket &socket, quint16 port, const QByteArray &method,
                         const QByteArray &path, const RawHeaders &headers, const QByteArray &body,
                         qsizetype sent);

//! Reads the answer to a request sent on `socket` (startPartialRequest with the whole body)
//! until the server closes, at most `timeoutMs`: several such requests can be in flight.
RawHttpReply readRawReply(QTcpSocket &socket, int timeoutMs = 15'000);

} // namespace msgr::test
