#include "bench/server_load/ws_socket.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace msgr::bench {
namespace {
constexpr char kWebSocketGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455 §1.3
constexpr int kOpContinuation = 0x0;
constexpr int kOpText = 0x1;
constexpr int kOpBinary = 0x2;
constexpr int kOpClose = 0x8;
constexpr int kOpPing = 0x9;
constexpr int kOpPong = 0xA;
constexpr int kCloseNormal = 1000;
constexpr int kCloseProtocolError = 1002;
constexpr int kCloseTooBig = 1009;
//! The protocol caps a message at 1 MiB; anything far past that is a broken stream.
constexpr std::uint64_t kMaxMessageBytes = 16ull * 1024 * 1024;
//! An upgrade answer longer than this is not one.
constexpr std::size_t kMaxUpgradeAnswerBytes = 16 * 1024;
//! One read() at most; shared by every socket of a thread (idle sockets keep no big buffer).
constexpr std::size_t kReadChunkBytes = 64 * 1024;
//! An emptied input buffer larger than this is freed.
constexpr std::size_t kKeepBufferBytes = 4 * 1024;

thread_local char t_readChunk[kReadChunkBytes];

//! Mask keys need not be secret here (RFC 6455 wants them unpredictable to defeat proxy cache
//! poisoning, which loopback does not have); a per-thread xorshift is cheap.
std::uint32_t nextMaskKey() {
    thread_local std::uint64_t state = QRandomGenerator::global()->generate64() | 1;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return std::uint32_t(state);
}

bool headerEquals(const QByteArray &line, const char *name, QByteArray *value) {
    const qsizetype colon = line.indexOf(':');
    if (colon < 0 || line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
        return false;
    *value = line.mid(colon + 1).trimmed();
    return true;
}
} // namespace

WsSocket::WsSocket(Listener &listener, int epollFd) : m_listener(listener), m_epollFd(epollFd) {}

WsSocket::~WsSocket() {
    if (m_fd >= 0)
        ::close(m_fd);
}

bool WsSocket::open(const sockaddr_in &server, in_addr source, const QByteArray &hostHeader) {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        fail(0, "socket() failed (descriptor limit?)");
        return false;
    }
    const int one = 1;
    // Small request frames must not wait for Nagle: latency is what the bench measures.
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (source.s_addr != htonl(INADDR_ANY)) {
        // Without this, bind() picks the port now, unique per source address over every
        // destination; with it the port is picked at connect() per 4-tuple.
        setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_addr = source;
        if (::bind(m_fd, reinterpret_cast<const sockaddr *>(&local), sizeof local) != 0) {
            fail(0, "bind() to the source address failed");
            return false;
        }
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) != 0 &&
        errno != EINPROGRESS) {
        fail(0, "connect() failed");
        return false;
    }
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    event.data.ptr = this;
    if (epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_fd, &event) != 0) {
        fail(0, "epoll_ctl(ADD) failed");
        return false;
    }
    m_wantWrite = true;
    m_state = State::Connecting;

    QByteArray key(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 4);
    const QByteArray keyText = key.toBase64();
    m_expectedAccept =
        QCryptographicHash::hash(keyText + kWebSocketGuid, QCryptographicHash::Sha1).toBase64();
    const QByteArray request = "GET / HTTP/1.1\r\nHost: " + hostHeader +
                               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: " +
                               keyText + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    m_out.assign(request.constData(), std::size_t(request.size()));
    return true;
}

void WsSocket::handleEvents(std::uint32_t events) {
    if (m_state == State::Closed)
        return; // an event of this batch for a socket closed earlier in the batch
    if (m_state == State::Connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        int error = 0;
        socklen_t length = sizeof error;
        if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
            return fail(0, "TCP connect failed");
        onConnected();
        return;
    }
    if (events & EPOLLOUT)
        flush();
    if (m_state != State::Closed && (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)))
        readAvailable();
}

void WsSocket::onConnected() {
    m_state = State::Upgrading;
    flush(); // the upgrade request queued by open()
}

void WsSocket::readAvailable() {
    for (;;) {
        const ssize_t n = ::recv(m_fd, t_readChunk, kReadChunkBytes, 0);
        if (n > 0) {
            m_in.append(t_readChunk, std::size_t(n));
            if (m_state == State::Upgrading && !parseUpgradeAnswer())
                return;
            if (m_state == State::Open)
                parseFrames();
            if (m_state == State::Closed)
                return;
            if (std::size_t(n) < kReadChunkBytes)
                return; // drained (level-triggered epoll reports the rest)
            continue;
        }
        if (n == 0)
            return fail(0, "the server closed the TCP connection");
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        if (errno == EINTR)
            continue;
        return fail(0, "recv() failed");
    }
}

bool WsSocket::parseUpgradeAnswer() {
    const std::size_t end = m_in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (m_in.size() > kMaxUpgradeAnswerBytes) {
            fail(0, "upgrade answer too long");
            return false;
        }
        return true; // wait for more
    }
    const QList<QByteArray> lines = QByteArray(m_in.data(), qsizetype(end)).split('\n');
    const QList<QByteArray> status = lines.value(0).simplified().split(' ');
    if (status.size() < 2 || status.at(1) != "101") {
        fail(0, "the server refused the upgrade");
        return false;
    }
    bool accepted = false;
    for (const QByteArray &line : lines) {
        QByteArray value;
        if (headerEquals(line, "Sec-WebSocket-Accept", &value))
            accepted = value == m_expectedAccept;
    }
    if (!accepted) {
        fail(0, "wrong or missing Sec-WebSocket-Accept");
        return false;
    }
    m_in.erase(0, end + 4);
    m_state = State::Open;
    m_listener.wsOpened();
    return m_state == State::Open;
}

void WsSocket::parseFrames() {
    std::size_t pos = 0;
    while (m_state == State::Open) {
        const std::size_t available = m_in.size() - pos;
        if (available < 2)
            break;
        const auto *p = reinterpret_cast<const unsigned char *>(m_in.data() + pos);
        const bool fin = p[0] & 0x80;
        const int opcode = p[0] & 0x0f;
        const bool masked = p[1] & 0x80;
        std::uint64_t length = p[1] & 0x7f;
        std::size_t header = 2;
        if (length == 126) {
            if (available < 4)
                break;
            length = (std::uint64_t(p[2]) << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | p[2 + i];
            header = 10;
        }
        if (length > kMaxMessageBytes)
            return fail(kCloseTooBig, "frame larger than 16 MiB");
        const std::size_t maskAt = header;
        if (masked)
            header += 4; // servers must not mask (RFC 6455 §5.1); unmask anyway
        if (available < header + length)
            break;
        char *payload = m_in.data() + pos + header;
        if (masked) {
            for (std::uint64_t i = 0; i < length; ++i)
                payload[i] = char(payload[i] ^ p[maskAt + (i % 4)]);
        }
        pos += header + std::size_t(length);
        onFrame(opcode, fin, payload, std::size_t(length));
    }
    if (m_state == State::Closed)
        return;
    if (pos == m_in.size()) {
        m_in.clear();
        if (m_in.capacity() > kKeepBufferBytes)
            std::string().swap(m_in); // an idle socket keeps no big buffer
    } else if (pos > 0) {
        m_in.erase(0, pos); // a partial frame stays
    }
}

void WsSocket::onFrame(int opcode, bool fin, const char *data, std::size_t size) {
    switch (opcode) {
    case kOpText:
    case kOpBinary:
        if (m_fragmentOpcode != 0)
            return fail(kCloseProtocolError, "new message inside a fragmented one");
        if (fin) {
            m_listener.wsMessage(data, size);
            return;
        }
        m_fragmentOpcode = opcode;
        m_fragments.assign(data, size);
        return;
    case kOpContinuation:
        if (m_fragmentOpcode == 0)
            return fail(kCloseProtocolError, "continuation without a message");
        if (m_fragments.size() + size > kMaxMessageBytes)
            return fail(kCloseTooBig, "message larger than 16 MiB");
        m_fragments.append(data, size);
        if (fin) {
            std::string message;
            message.swap(m_fragments);
            m_fragmentOpcode = 0;
            m_listener.wsMessage(message.data(), message.size());
        }
        return;
    case kOpPing:
        appendFrame(kOpPong, data, size);
        flush();
        return;
    case kOpPong:
        return;
    case kOpClose: {
        const int code = size >= 2 ? (int(static_cast<unsigned char>(data[0])) << 8) |
                                         static_cast<unsigned char>(data[1])
                                   : 1005;
        // Echo the close (RFC 6455 §5.5.1), then drop the socket.
        const char echo[2] = {data && size >= 2 ? data[0] : char(kCloseNormal >> 8),
                              data && size >= 2 ? data[1] : char(kCloseNormal & 0xff)};
        appendFrame(kOpClose, echo, 2);
        flush();
        return fail(code, "close frame from the server");
    }
    default:
        return fail(kCloseProtocolError, "unknown opcode");
    }
}

void WsSocket::sendBinary(const QByteArray &payload) {
    if (m_state != State::Open)
        return;
    appendFrame(kOpBinary, payload.constData(), std::size_t(payload.size()));
    flush();
}

void WsSocket::close() {
    if (m_state == State::Closed || m_state == State::Idle)
        return;
    if (m_state == State::Open) {
        const char code[2] = {char(kCloseNormal >> 8), char(kCloseNormal & 0xff)};
        appendFrame(kOpClose, code, 2);
        flush();
    }
    fail(kCloseNormal, "closed by the bench");
}

void WsSocket::appendFrame(int opcode, const char *data, std::size_t size) {
    if (m_outStart > 0 && m_outStart == m_out.size()) {
        m_out.clear();
        m_outStart = 0;
    }
    unsigned char header[14];
    std::size_t headerSize = 2;
    header[0] = static_cast<unsigned char>(0x80 | opcode);
    if (size < 126) {
        header[1] = static_cast<unsigned char>(0x80 | size);
    } else if (size <= 0xffff) {
        header[1] = 0x80 | 126;
        header[2] = static_cast<unsigned char>(size >> 8);
        header[3] = static_cast<unsigned char>(size);
        headerSize = 4;
    } else {
        header[1] = 0x80 | 127;
        for (int i = 0; i < 8; ++i)
            header[2 + i] = static_cast<unsigned char>(std::uint64_t(size) >> (56 - 8 * i));
        headerSize = 10;
    }
    const std::uint32_t key = nextMaskKey();
    std::memcpy(header + headerSize, &key, 4);
    const unsigned char *mask = header + headerSize;
    headerSize += 4;
    m_out.append(reinterpret_cast<const char *>(header), headerSize);
    const std::size_t at = m_out.size();
    m_out.append(data, size);
    for (std::size_t i = 0; i < size; ++i)
        m_out[at + i] = char(m_out[at + i] ^ mask[i % 4]);
}

void WsSocket::flush() {
    if (m_state == State::Connecting || m_state == State::Closed)
        return;
    while (m_outStart < m_out.size()) {
        const ssize_t n =
            ::send(m_fd, m_out.data() + m_outStart, m_out.size() - m_outStart, MSG_NOSIGNAL);
        if (n > 0) {
            m_outStart += std::size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return setWantWrite(true);
        return fail(0, "send() failed");
    }
    m_out.clear();
    m_outStart = 0;
    setWantWrite(false);
}

void WsSocket::setWantWrite(bool want) {
    if (want == m_wantWrite || m_fd < 0)
        return;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (want ? EPOLLOUT : 0u);
    event.data.ptr = this;
    if (epoll_ctl(m_epollFd, EPOLL_CTL_MOD, m_fd, &event) == 0)
        m_wantWrite = want;
}

void WsSocket::fail(int closeCode, const char *why) {
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_fd >= 0) {
        ::close(m_fd); // also removes it from the epoll set
        m_fd = -1;
    }
    std::string().swap(m_in);
    std::string().swap(m_out);
    m_outStart = 0;
    m_listener.wsClosed(closeCode, why);
}

} // namespace msgr::bench
