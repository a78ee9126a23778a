#pragma once
//! Sign-up, log-in and sessions. Argon2id (≈80 ms, 64 MiB each) runs on a private pool of at
//! most two threads, never on a connection worker, so a flood of sign-ups costs bounded
//! memory and does not stall other connections; results hop back through the Responder.
//!
//! Abuse limits (AuthLimits, docs/protocol.md §1), all keyed by the client's address as the
//! edge saw it (RequestContext::peerAddress): failed log-ins slow down per (account, address)
//! and per address, never for the owner elsewhere; sign-ups per address are a token bucket;
//! each address may have only a few hash jobs queued, so none can fill the shared queue. It
//! also keeps the per-user write quota (admitWrite), the one limit keyed by the account
//! rather than by a connection. Thread-safe.
#include "protocol/api/auth.h"
#include "server/auth_limits.h"
#include "server/login_throttle.h"
#include "server/rate_limiter.h"
#include "server/request_context.h"

#include <QThreadPool>
#include <atomic>

namespace msgr::server {

class AuthService {
public:
    //! `monotonicClock` (ms) drives the throttles; tests inject their own.
    explicit AuthService(ServerContext &server, AuthLimits limits = {},
                         LoginThrottle::Clock monotonicClock = {});
    ~AuthService(); // waits for running hash jobs

    //! Arguments are already validated by the handler.
    void signUp(const QString &username, const QByteArray &password, const QString &deviceName,
                const QString &displayName, const QString &peerAddress, const Responder &reply);
    void logIn(const QString &username, const QByteArray &password, const QString &deviceName,
               const QString &peerAddress, const Responder &reply);
    void resume(const QString &token, const Responder &reply);

    //! Takes one write from the user's quota; false after answering FLOOD_WAIT when it is spent.
    bool admitWrite(qint64 userId, const Responder &reply);

    //! Takes one typing notice from the user's quota (AuthLimits::typingBurst); false after
    //! answering FLOOD_WAIT when it is spent.
    bool admitTyping(qint64 userId, const Responder &reply);
    //! Takes one draft save from the user's quota (AuthLimits::draftBurst); false after
    //! answering FLOOD_WAIT.
    bool admitDraft(qint64 userId, const Responder &reply);
    //! Takes one invite-link attempt (check or join) from the user's quota
    //! (AuthLimits::inviteAttemptBurst); false after answering FLOOD_WAIT.
    bool admitInviteAttempt(qint64 userId, const Responder &reply);

    //! Stops accepting new hash jobs and waits for the running ones (shutdown).
    void drain();

    const AuthLimits &limits() const { return m_limits; }

private:
    //! The hash job of logIn once the account was looked up; wipes `password`.
    void verifyLogIn(const QString &username, QByteArray &password, const QString &deviceName,
                     const QString &peerAddress, const Responder &reply,
                     std::optional<Account> account);
    void finishResume(const StoreResult<std::optional<SessionRef>> &session,
                      const StoreResult<qint64> &pts, const Responder &reply);
    bool startHashJob(const QString &peerAddress, const Responder &reply,
                      std::function<void()> job);
    void createSession(qint64 userId, const QString &deviceName, const Responder &reply);

    ServerContext &m_server;
    const AuthLimits m_limits;
    LoginThrottle::Clock m_clock;
    LoginThrottle m_throttle;
    KeyedRateLimiter m_signUps;
    KeyedRateLimiter m_userWrites;
    KeyedRateLimiter m_typing;
    KeyedRateLimiter m_drafts;
    KeyedRateLimiter m_inviteAttempts;
    ConcurrencyLimiter m_hashJobs; // waiting or running, in all and per address
    QThreadPool m_pool;
    std::atomic<bool> m_stopping{false};
};

//! Binds the connection to (user, device) and subscribes it to the user's updates, then sends
//! `result`; both are queued to the connection's thread in that order.
void completeAuthentication(ServerContext &server, const Responder &reply,
                            const protocol::api::AuthResult &result);

} // namespace msgr::server
