#pragma once
//! Sign-up, log-in and sessions. Argon2id (≈80 ms, 64 MiB each) runs on a private pool of at
//! most two threads, never on a connection worker, so a flood of sign-ups costs bounded
//! memory and does not stall other connections; results hop back through the Responder.
//! Thread-safe.
#include "server/login_throttle.h"
#include "server/request_context.h"

#include <QThreadPool>
#include <atomic>

namespace msgr::server {

class AuthService {
public:
    explicit AuthService(ServerContext &server, LoginThrottle::Clock throttleClock = {});
    ~AuthService(); // waits for running hash jobs

    //! Arguments are already validated by the handler.
    void signUp(const QString &username, const QByteArray &password, const QString &deviceName,
                const QString &displayName, const Responder &reply);
    void logIn(const QString &username, const QByteArray &password, const QString &deviceName,
               const QString &peerAddress, const Responder &reply);
    void resume(const QString &token, const Responder &reply);

    //! Stops accepting new hash jobs and waits for the running ones (shutdown).
    void drain();

private:
    bool startHashJob(const Responder &reply, std::function<void()> job);
    void createSession(qint64 userId, const QString &deviceName, const Responder &reply);

    ServerContext &m_server;
    LoginThrottle m_throttle;
    QThreadPool m_pool;
    std::atomic<int> m_pendingJobs{0};
    std::atomic<bool> m_stopping{false};
};

//! Binds the connection to (user, device) and subscribes it to the user's updates, then sends
//! `result`; both are queued to the connection's thread in that order.
void completeAuthentication(ServerContext &server, const Responder &reply, qint64 userId,
                            qint64 deviceId, const QCborMap &result);

} // namespace msgr::server
