#pragma once
//! A raw TCP peer for the hostile-input catalogue: it writes whatever bytes a case gives it
//! (HTTP requests, hand-built WebSocket frames) and reads the server's answers byte-exactly.
//! Its socket is made by hand so a case can bind it to another loopback address (per-address
//! caps, /metrics from elsewhere) and shrink its receive buffer before connecting (a peer that
//! never reads). Waits spin the event loop, so other clients of the test keep working.
//! Main thread only.
#include "protocol/frame.h"
#include "tests/integration/hostile_wire.h"

#include <QCborMap>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>
#include <memory>
#include <optional>

namespace msgr::test::hostile {

//! What waitForClose() saw.
enum CloseSeen : int {
    ClosedWithoutFrame = -1, //!< TCP closed (FIN or RST) without a close frame
    StillOpen = -2,          //!< nothing within the time given
};

class RawPeer : public QObject {
    Q_OBJECT
public:
    struct Options {
        QHostAddress bindAddress{QHostAddress::LocalHost};
        int receiveBufferBytes = 0; //!< SO_RCVBUF, set before connecting; 0: the system's
        qint64 readBufferBytes = 0; //!< Qt's read buffer cap; 0: unlimited
    };

    RawPeer();
    ~RawPeer() override;

    //! Connects to 127.0.0.1:port (blocking: loopback answers at once).
    bool connectTo(quint16 port);
    bool connectTo(quint16 port, const Options &options);
    void send(const QByteArray &bytes);
    //! Sends `bytes` one byte every `intervalMs` until done, the server closes or `timeoutMs`
    //! passed; returns how many bytes went out.
    qsizetype trickle(const QByteArray &bytes, int intervalMs, int timeoutMs);
    //! True once the server closed the TCP connection (reads what arrives meanwhile).
    bool waitForDisconnected(int timeoutMs);
    bool isConnected() const { return !m_peerClosed; }
    //! Milliseconds since connectTo().
    qint64 elapsedMs() const { return m_since.elapsed(); }
    //! Every byte received and not yet taken by readHttp()/readFrame().
    const QByteArray &pending() const { return m_in; }
    qint64 totalReceived() const { return m_totalReceived; }
    //! From now on this peer reads nothing: the kernel's receive buffer fills and the server
    //! sees a peer that never takes what it is sent.
    void stopReading();
    //! Reads again after stopReading().
    void resumeReading();
    //! Sends FIN (shutdown(SHUT_WR)): a half-closed peer that can still read.
    void shutdownWrite();

    // HTTP
    std::optional<HttpAnswer> readHttp(int timeoutMs, bool headRequest = false);

    // WebSocket
    //! Sends the standard upgrade request and waits for 101.
    bool upgrade(int timeoutMs = 10'000);
    std::optional<ServerFrame> readFrame(int timeoutMs);
    //! Reads frames until the server's close frame (its code), a TCP close without one
    //! (ClosedWithoutFrame) or the time is up (StillOpen). Earlier frames go to framesSeen().
    int waitForClose(int timeoutMs);
    QList<ServerFrame> &framesSeen() { return m_frames; }
    //! The next binary frame that decodes as a protocol frame, answering the server's pings
    //! meanwhile (other frames are skipped); nullopt when none came in time.
    std::optional<protocol::Frame> readProtocolFrame(int timeoutMs);

    // The protocol over hand-built frames (for peers the test controls byte by byte).
    //! Sends hello (masked binary frame) and waits for welcome.
    bool hello(int timeoutMs = 10'000);
    //! Sends a request and waits for its res (the result) or err (nullopt, code in *errorCode).
    //! `upd` frames that arrive meanwhile are dropped.
    std::optional<QCborMap> call(QLatin1StringView method, const QCborMap &args,
                                 QString *errorCode = nullptr, int timeoutMs = 15'000);
    qint64 sendRequest(QLatin1StringView method, const QCborMap &args);
    //! The same with a protocol::api request (a valid shape, built as the client builds it).
    template <typename Req>
    requires requires { Req::method; }
    std::optional<QCborMap> call(const Req &request, QString *errorCode = nullptr,
                                 int timeoutMs = 15'000) {
        return call(Req::method, request.toCbor(), errorCode, timeoutMs);
    }
    template <typename Req>
    requires requires { Req::method; }
    qint64 sendRequest(const Req &request) { return sendRequest(Req::method, request.toCbor()); }

private:
    void pull();

    QTcpSocket m_socket;
    QByteArray m_in;
    QList<ServerFrame> m_frames;
    QElapsedTimer m_since;
    qint64 m_totalReceived = 0;
    qint64 m_nextId = 0;
    bool m_peerClosed = false;
    bool m_reading = true;
    QMetaObject::Connection m_eagerRead;
};

//! A peer on 127.0.0.1:port, upgraded, welcomed and logged in with `token` (auth.resume);
//! nullptr when a step fails.
std::unique_ptr<RawPeer> resumedPeer(quint16 port, const QString &token);

} // namespace msgr::test::hostile
