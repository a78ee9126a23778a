#pragma once
//! The protocol side of one client connection, independent of the transport: the hello
//! handshake, the request rate limit (checked before any decoding), frame decoding, the
//! authentication state and the dispatch of requests to handlers. Lives on (and is only
//! touched from) its connection thread; other threads reach it through its ConnectionLink.
#include "protocol/frame.h"
#include "server/connection_link.h"
#include "server/frame_sink.h"
#include "server/rate_limiter.h"
#include "server/request_context.h"

#include <chrono>
#include <memory>

namespace msgr::server {

struct MethodInfo;

class ClientSession : public std::enable_shared_from_this<ClientSession> {
public:
    //! `sink` must outlive the session or call detachSink() first.
    static std::shared_ptr<ClientSession> create(ServerContext &server, FrameSink &sink,
                                                 QString peerAddress,
                                                 ConnectionLink::SharedMailbox mailbox);
    ~ClientSession();
    ClientSession(const ClientSession &) = delete;
    ClientSession &operator=(const ClientSession &) = delete;

    //! One complete WebSocket message from the peer. `text` messages are refused (1003).
    void onMessage(QByteArrayView bytes, bool text);

    //! An update frame pushed by the bus.
    void pushFrame(const QByteArray &frame);
    //! The answer to a request this session accepted (see inFlight()).
    void answerFrame(const QByteArray &frame);
    void closeWith(quint16 code, const QString &reason);
    //! Binds this connection to a device after a successful sign-up/log-in/resume.
    void authenticate(qint64 userId, qint64 deviceId);
    //! presence.set: this connection's device is idle (`online` false) or in use again; a user
    //! counts as online while one of their connections is authenticated and not idle.
    void setPresent(bool online);
    //! The transport is going away: nothing more is sent.
    void detachSink() { m_sink = nullptr; }

    bool welcomed() const { return m_welcomed; }
    const Session &session() const { return m_session; }
    //! Requests handed to a handler and not answered yet. A close waits for them.
    int inFlight() const { return m_inFlight; }
    const LinkPtr &link() const { return m_link; }

private:
    //! Only create() makes sessions (make_shared: the object and its count in one block).
    struct CreateKey {
        explicit CreateKey() = default;
    };

public:
    ClientSession(CreateKey, ServerContext &server, FrameSink &sink, QString peerAddress);

private:
    void handleHello(QByteArrayView message);
    //! Counts the request and answers UNKNOWN_METHOD (`method` null) or UNAUTHORIZED itself;
    //! otherwise hands `handle` the request's context (arguments empty: `handle` sets or
    //! brings them).
    template <class Handle>
    void dispatch(qint64 id, QStringView methodName, const MethodInfo *method, Handle handle);
    void sendError(qint64 id, protocol::ErrorCode code, const QString &message,
                   qint64 retryAfterMs = 0);
    void send(const QByteArray &frame);
    static qint64 monotonicMs();

    ServerContext &m_server;
    FrameSink *m_sink;
    LinkPtr m_link;
    TokenBucket m_bucket;
    QString m_peerAddress;
    Session m_session;
    bool m_welcomed = false;
    bool m_idle = false; // presence.set {online: false} on this connection
    bool m_closing = false;
    int m_rejectedInRow = 0;
    int m_inFlight = 0;
};

} // namespace msgr::server
