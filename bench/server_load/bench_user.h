#pragma once
//! One simulated user: one WebSocket connection, hello, one auth call (sign-up or resume by
//! token), private chats, messages. Lives on (and is only used from) its ClientLoop's thread.
#include "bench/server_load/load_counters.h"
#include "bench/server_load/ws_socket.h"

#include <QCborMap>
#include <QList>
#include <QString>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace msgr::bench {

class ClientLoop;

class BenchUser final : public WsSocket::Listener {
public:
    enum class AuthMode { SignUp, Resume };
    enum class AuthState { None, InProgress, Done, Failed };

    //! Sign-up with `credential` as the username, or resume with `credential` as the token.
    BenchUser(ClientLoop &loop, int globalIndex, AuthMode mode, QString credential);

    //! Connects and authenticates. Reconnects (a bounded number of times) if the server closes
    //! the connection before log-in; FLOOD_WAIT answers are retried after retryAfterMs.
    void start();
    void openChats(const QList<qint64> &peerUserIds);
    //! One messages.send to a random chat of this user, stamped with `phase` and the time.
    void sendMessage(Phase phase, int textBytes, qint64 nowUs);
    //! One `ping`; its answer counts as the delivery (latency: request to answer).
    void sendPing(Phase phase, qint64 nowUs);
    //! Takes one request from the client-side copy of the server's bucket (so the run measures
    //! the server, not its FLOOD_WAIT answers); false if empty.
    bool takeRequestToken(qint64 nowUs);
    void close();

    int globalIndex() const { return m_globalIndex; }
    AuthState authState() const { return m_authState; }
    qint64 userId() const { return m_userId; }
    QString newToken() const { return m_newToken; } // from a sign-up
    QString username() const { return m_authMode == AuthMode::SignUp ? m_credential : QString(); }
    bool canSend() const;

private:
    enum class Kind { Auth, OpenChat, Send, Ping };
    //! A request of a measured phase (messages.send, ping): counted in its phase's counters
    //! and in the loop's requests in flight.
    static bool inPhase(Kind kind) { return kind == Kind::Send || kind == Kind::Ping; }
    //! What a request was, to count its answer and to send it again after FLOOD_WAIT.
    struct Pending {
        explicit Pending(Kind k, Phase p = Phase::None, QCborMap a = {})
            : kind(k), phase(p), args(std::move(a)) {}
        Kind kind = Kind::Auth;
        Phase phase = Phase::None;
        QCborMap args; // chats.openPrivate
        // messages.send (a retry keeps the randomId: idempotent)
        qint64 chatId = 0;
        qint64 randomId = 0;
        std::string text;
        qint64 sentUs = 0; // ping: when it was first sent
    };

    void wsOpened() override;
    void wsMessage(const char *data, std::size_t size) override;
    void decodeSlowly(const QByteArray &message);
    void wsClosed(int closeCode, const char *why) override;

    void connectSocket();
    void sendAuth();
    qint64 request(QLatin1StringView method, const QCborMap &args, Pending pending);
    void sendRequest(Pending pending);
    void resend(Pending pending);
    void onResult(qint64 id, const QCborMap &result);
    void onError(qint64 id, int code, const QString &message, qint64 retryAfterMs);
    void onNewMessage(qint64 senderId, std::string_view text);
    LoopCounters &counters();

    ClientLoop &m_loop;
    int m_globalIndex;
    std::unique_ptr<WsSocket> m_socket;
    AuthMode m_authMode = AuthMode::Resume;
    AuthState m_authState = AuthState::None;
    QString m_credential;
    int m_connectAttempts = 0;
    int m_generation = 0;       // connections opened; a retry timer is for one of them only
    bool m_countedOpen = false; // counted in LoopCounters::open
    qint64 m_userId = 0;
    QString m_newToken;
    QList<qint64> m_chatIds;
    qint64 m_nextRequestId = 0;
    std::unordered_map<qint64, Pending> m_pending;
    // The server's request bucket as advertised in welcome.
    double m_bucket = 0;
    double m_burst = 100;
    double m_refillPerUs = 50e-6;
    qint64 m_lastRefillUs = 0;
};

} // namespace msgr::bench
