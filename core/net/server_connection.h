#pragma once
//! The one WebSocket to the sync server: hello/welcome, request ids and their typed answers,
//! pushed updates, keepalive pings. Network thread: create, use and destroy it on one thread.
#include "core/net/proxy_settings.h"
#include "core/net/request_channel.h"
#include "core/net/transport_policy.h"
#include "protocol/api/api.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>
#include <functional>

namespace msgr::core {
namespace api = protocol::api;

class ServerConnection : public QObject {
    Q_OBJECT
public:
    //! Ping period; a connection silent for kDeadAfterMs (no frame, no pong) is dropped.
    static constexpr int kPingIntervalMs = 15'000;
    static constexpr int kDeadAfterMs = 40'000;
    //! A request unanswered this long means the connection is dead: it is dropped.
    static constexpr int kRequestTimeoutMs = 30'000;
    static constexpr int kHandshakeTimeoutMs = 15'000;

    explicit ServerConnection(QObject *parent = nullptr);
    ~ServerConnection() override;

    //! Opens the socket and sends hello; ready() or closed() follows. An address the transport
    //! policy refuses (transport_policy.h) opens no socket at all: refused() is emitted
    //! instead, before open() returns, and neither ready() nor closed() follows.
    void open(const QUrl &url);
    //! The user's explicit opt-in to unencrypted ws:// to another machine (off by default).
    void setAllowInsecureTransport(bool allow) { m_allowInsecure = allow; }
    //! The proxy the next open() goes through (proxy_settings.h); the open socket keeps its own.
    void setProxy(const ProxySettings &proxy) { m_proxy = proxy; }
    //! Drops the connection; pending requests fail with connectionLost; closed() follows.
    void abort();
    bool isReady() const { return m_ready; }

    //! Sends a typed request; `done` runs on this thread unless `context` is gone.
    template <typename Req>
    void call(const Req &request, QObject *context,
              std::function<void(api::Reply<typename Req::Result>)> done) {
        using Result = typename Req::Result;
        callRaw(Req::method, request.toCbor(), context,
                [done = std::move(done)](const RawReply &raw) { done(decodeReply<Result>(raw)); });
    }
    //! The same with the arguments already encoded (what RequestChannel::sendRaw forwards).
    void callRaw(QLatin1StringView method, const QCborMap &args, QObject *context,
                 std::function<void(const RawReply &)> done);

signals:
    void ready();
    //! The connection ended (or never opened). closeCode is the server's WebSocket close code.
    void closed(int closeCode);
    void updateReceived(const msgr::protocol::UpdateFrame &update);
    //! open() refused the address; `security` says why (InsecureRefused or InvalidAddress).
    void refused(msgr::core::TransportSecurity security);
    //! The attempt failed at the proxy (unreachable, or it refused the credentials); closed()
    //! follows.
    void proxyFailed(msgr::core::ProxyFailure failure);

private:
    struct Pending {
        QPointer<QObject> context;
        bool hasContext = false;
        std::function<void(const RawReply &)> done;
        qint64 sentAtMs = 0;
    };

    void onConnected();
    void onDisconnected();
    void onBinary(const QByteArray &bytes);
    void onKeepaliveTick();
    void failAllPending();
    void finish(Pending &pending, const RawReply &reply);

    QWebSocket *m_socket = nullptr;
    QTimer m_keepalive;
    QElapsedTimer m_sinceLastFrame;
    QElapsedTimer m_clock;
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 0;
    bool m_ready = false;
    bool m_open = false; // between open() and closed()
    bool m_allowInsecure = false;
    ProxySettings m_proxy;
};

} // namespace msgr::core
