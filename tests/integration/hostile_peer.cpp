#include "tests/integration/hostile_peer.h"

#include "protocol/api/auth.h"
#include "protocol/frame.h"
#include "protocol/limits.h"

#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace msgr::test::hostile {
namespace proto = msgr::protocol;

RawPeer::RawPeer() {
    // Read as soon as bytes arrive: when the server closes while this peer still writes, Qt
    // closes the device on the write error and drops what it had buffered (a close frame).
    m_eagerRead = connect(&m_socket, &QIODevice::readyRead, this, [this] { pull(); });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_peerClosed = true; });
    connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_peerClosed = true;
    });
}

RawPeer::~RawPeer() {
    m_socket.abort();
}

bool RawPeer::connectTo(quint16 port) {
    return connectTo(port, Options{});
}

bool RawPeer::connectTo(quint16 port, const Options &options) {
    m_since.start();
    // The socket is made by hand: Qt cannot bind a client socket to an address of our choice
    // or set SO_RCVBUF before the SYN (the window scale is fixed then).
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        qWarning("socket(): %s", strerror(errno));
        return false;
    }
    if (options.receiveBufferBytes > 0 &&
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &options.receiveBufferBytes,
                     sizeof options.receiveBufferBytes) != 0) {
        qWarning("SO_RCVBUF: %s", strerror(errno));
        ::close(fd);
        return false;
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(options.bindAddress.toIPv4Address());
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr *>(&remote), sizeof remote) != 0) {
        qWarning("bind/connect to port %u from %s: %s", port,
                 qPrintable(options.bindAddress.toString()), strerror(errno));
        ::close(fd);
        return false;
    }
    if (options.readBufferBytes > 0)
        m_socket.setReadBufferSize(options.readBufferBytes);
    if (!m_socket.setSocketDescriptor(fd)) {
        qWarning("QTcpSocket refused the descriptor: %s", qPrintable(m_socket.errorString()));
        ::close(fd);
        return false;
    }
    return true;
}

void RawPeer::send(const QByteArray &bytes) {
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.write(bytes);
}

qsizetype RawPeer::trickle(const QByteArray &bytes, int intervalMs, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    qsizetype sent = 0;
    while (sent < bytes.size() && timer.elapsed() < timeoutMs) {
        pull();
        if (m_peerClosed)
            break;
        send(bytes.mid(sent, 1));
        ++sent;
        QTest::qWait(intervalMs);
    }
    return sent;
}

void RawPeer::stopReading() {
    disconnect(m_eagerRead);
    m_reading = false;
}

void RawPeer::resumeReading() {
    m_reading = true;
    m_eagerRead = connect(&m_socket, &QIODevice::readyRead, this, [this] { pull(); });
    pull();
}

void RawPeer::shutdownWrite() {
    m_socket.flush();
    ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR);
}

void RawPeer::pull() {
    if (!m_reading || !m_socket.isOpen())
        return;
    const QByteArray bytes = m_socket.readAll();
    m_in += bytes;
    m_totalReceived += bytes.size();
}

bool RawPeer::waitForDisconnected(int timeoutMs) {
    (void)QTest::qWaitFor(
        [&] {
            pull();
            return m_peerClosed;
        },
        timeoutMs);
    pull();
    return m_peerClosed;
}

std::optional<HttpAnswer> RawPeer::readHttp(int timeoutMs, bool headRequest) {
    std::optional<HttpAnswer> answer;
    (void)QTest::qWaitFor(
        [&] {
            pull();
            answer = takeHttpAnswer(m_in, headRequest);
            return answer.has_value() || m_peerClosed;
        },
        timeoutMs);
    if (!answer) {
        pull();
        answer = takeHttpAnswer(m_in, headRequest);
    }
    return answer;
}

bool RawPeer::upgrade(int timeoutMs) {
    send(upgradeRequest());
    const std::optional<HttpAnswer> answer = readHttp(timeoutMs);
    if (!answer || answer->status != 101) {
        qWarning("upgrade refused: %d", answer ? answer->status : 0);
        return false;
    }
    return true;
}

std::optional<ServerFrame> RawPeer::readFrame(int timeoutMs) {
    std::optional<ServerFrame> frame;
    (void)QTest::qWaitFor(
        [&] {
            pull();
            frame = takeServerFrame(m_in);
            return frame.has_value() || m_peerClosed;
        },
        timeoutMs);
    if (!frame) {
        pull();
        frame = takeServerFrame(m_in);
    }
    return frame;
}

int RawPeer::waitForClose(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (true) {
        const qint64 left = timeoutMs - timer.elapsed();
        std::optional<ServerFrame> frame = readFrame(int(qMax<qint64>(left, 0)));
        if (!frame)
            return m_peerClosed ? ClosedWithoutFrame : StillOpen;
        if (frame->opcode == OpClose) {
            // Answer as a well-behaved peer does, so the server's closing handshake completes.
            send(wsFrame({.opcode = OpClose, .payload = frame->payload.left(2)}));
            const int code = frame->closeCode();
            m_frames.append(std::move(*frame));
            return code;
        }
        m_frames.append(std::move(*frame));
        if (left <= 0)
            return StillOpen;
    }
}

bool RawPeer::hello(int timeoutMs) {
    send(binaryFrame(
        proto::encodeFrame(proto::Hello{{proto::kProtocolVersion}, QStringLiteral("hostile")})));
    const std::optional<ServerFrame> frame = readFrame(timeoutMs);
    if (!frame || frame->opcode != OpBinary)
        return false;
    const proto::DecodeResult decoded = proto::decodeFrame(frame->payload);
    const auto *parsed = std::get_if<proto::Frame>(&decoded);
    return parsed && std::holds_alternative<proto::Welcome>(*parsed);
}

qint64 RawPeer::sendRequest(QLatin1StringView method, const QCborMap &args) {
    const qint64 id = ++m_nextId;
    send(binaryFrame(proto::encodeFrame(proto::Request{id, method, args})));
    return id;
}

std::optional<QCborMap> RawPeer::call(QLatin1StringView method, const QCborMap &args,
                                      QString *errorCode, int timeoutMs) {
    const qint64 id = sendRequest(method, args);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const std::optional<ServerFrame> frame = readFrame(int(timeoutMs - timer.elapsed()));
        if (!frame)
            break;
        if (frame->opcode != OpBinary)
            continue; // pings are answered by nobody here: a case that needs that does it
        const proto::DecodeResult decoded = proto::decodeFrame(frame->payload);
        const auto *parsed = std::get_if<proto::Frame>(&decoded);
        if (!parsed)
            continue;
        if (const auto *res = std::get_if<proto::Result>(parsed); res && res->id == id)
            return res->result;
        if (const auto *err = std::get_if<proto::Error>(parsed); err && err->id == id) {
            if (errorCode)
                *errorCode = proto::errorCodeName(err->code);
            return std::nullopt;
        }
    }
    if (errorCode)
        *errorCode = QStringLiteral("(no answer)");
    return std::nullopt;
}

std::optional<protocol::Frame> RawPeer::readProtocolFrame(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const std::optional<ServerFrame> frame = readFrame(int(timeoutMs - timer.elapsed()));
        if (!frame)
            return std::nullopt;
        if (frame->opcode == OpPing) {
            send(wsFrame({.opcode = OpPong, .payload = frame->payload}));
            continue;
        }
        if (frame->opcode != OpBinary)
            continue;
        protocol::DecodeResult decoded = protocol::decodeFrame(frame->payload);
        if (auto *parsed = std::get_if<protocol::Frame>(&decoded))
            return std::move(*parsed);
    }
    return std::nullopt;
}

std::unique_ptr<RawPeer> resumedPeer(quint16 port, const QString &token) {
    auto peer = std::make_unique<RawPeer>();
    QString code;
    if (!peer->connectTo(port) || !peer->upgrade() || !peer->hello() ||
        !peer->call(protocol::api::Resume{token}, &code))
        return nullptr;
    return peer;
}

} // namespace msgr::test::hostile
