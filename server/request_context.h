#pragma once
//! What a method handler gets: the arguments, the caller's session and a Responder that
//! answers the request from any thread.
#include "protocol/error_code.h"
#include "server/connection_link.h"
#include "server/server_context.h"
#include "server/store/store.h"

#include <QCborMap>
#include <QString>

namespace msgr::server {

struct Session {
    qint64 userId = 0;
    qint64 deviceId = 0;
    bool isValid() const { return userId != 0; }
};

//! Answers one request exactly once. Copyable, thread-safe: the answer is queued to the
//! connection's thread, so a `done` callback on the store's writer thread may call it.
class Responder {
public:
    //! `methodSlot`: what Metrics::requestReceived returned, for the per-method counters;
    //! the latency counted runs from this construction to the answer.
    Responder(LinkPtr link, qint64 requestId, Metrics *metrics, int methodSlot = -1);

    void ok(const QCborMap &result) const;
    //! The same with the result map already encoded (protocol/preencoded.h).
    void okEncoded(const QByteArray &encodedResult) const;
    void fail(protocol::ErrorCode code, const QString &message, qint64 retryAfterMs = 0) const;
    void fail(StoreError error) const;

    const LinkPtr &link() const { return m_link; }

private:
    LinkPtr m_link;
    qint64 m_id;
    Metrics *m_metrics;
    int m_methodSlot;
    qint64 m_receivedUs; // on the steady clock
};

struct RequestContext {
    ServerContext &server;
    Session session;
    QCborMap args;
    Responder reply;
    QString peerAddress; // for the per-address log-in throttle
};

//! Milliseconds since the Unix epoch, UTC (the protocol's time).
qint64 nowMs();

} // namespace msgr::server
