#pragma once
//! A minimal RFC 6455 WebSocket client on a non-blocking socket driven by an epoll loop.
//!
//! Why not QWebSocket: the load generator shares two cores with the server it measures, so a
//! client connection must cost little CPU and memory (10,000 of them in one process), and it
//! must be able to bind a chosen loopback source address (the server caps connections per
//! address). This client does exactly what the bench needs: the upgrade (checking
//! Sec-WebSocket-Accept), masked binary messages out, unmasked frames in (continuations, ping,
//! close). One thread only: the thread of the loop that owns it.
#include <QByteArray>
#include <QtGlobal>
#include <cstdint>
#include <netinet/in.h>
#include <string>

namespace msgr::bench {

class WsSocket {
public:
    class Listener {
    public:
        virtual void wsOpened() = 0;
        //! One whole binary (or text) message; the bytes are valid during the call only.
        virtual void wsMessage(const char *data, std::size_t size) = 0;
        //! The socket is closed (close frame, reset or failure); closeCode 0 when no close
        //! frame arrived. Called once.
        virtual void wsClosed(int closeCode, const char *why) = 0;

    protected:
        ~Listener() = default;
    };

    enum class State { Idle, Connecting, Upgrading, Open, Closed };

    WsSocket(Listener &listener, int epollFd);
    ~WsSocket();
    WsSocket(const WsSocket &) = delete;
    WsSocket &operator=(const WsSocket &) = delete;

    //! Starts the TCP connect from `source` (port chosen by the system; INADDR_ANY: any) to
    //! `server`, then the upgrade with `Host: hostHeader`. False (and wsClosed) on failure.
    bool open(const sockaddr_in &server, in_addr source, const QByteArray &hostHeader);
    //! Called by the loop with the epoll events of this socket.
    void handleEvents(std::uint32_t events);
    //! Queues one binary message (masked) and writes what the socket takes now.
    void sendBinary(const QByteArray &payload);
    //! Sends a close frame (1000) and closes the socket without waiting for the answer: the
    //! bench only closes at the end of a phase.
    void close();

    State state() const { return m_state; }

private:
    void onConnected();
    void readAvailable();
    bool parseUpgradeAnswer();
    void parseFrames();
    void onFrame(int opcode, bool fin, const char *data, std::size_t size);
    void appendFrame(int opcode, const char *data, std::size_t size);
    void flush();
    void setWantWrite(bool want);
    void fail(int closeCode, const char *why);

    Listener &m_listener;
    int m_epollFd;
    int m_fd = -1;
    State m_state = State::Idle;
    bool m_wantWrite = false;
    QByteArray m_expectedAccept; // base64(SHA-1(key + RFC 6455 GUID))
    std::string m_in;            // received and not yet parsed
    std::string m_out;           // queued and not yet written, from m_outStart
    std::size_t m_outStart = 0;
    std::string m_fragments; // payload of a fragmented message so far
    int m_fragmentOpcode = 0;
};

} // namespace msgr::bench
