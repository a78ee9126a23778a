#include "server/auth_service.h"

#include "crypto/password_hash.h"
#include "crypto/session_token.h"
#include "crypto/sodium.h"
#include "server/async_read.h"
#include "server/client_session.h"
#include "server/domain/domain.h"
#include "server/handlers.h"
#include "server/metrics.h"
#include "server/monotonic_clock.h"

namespace msgr::server {
namespace {
using protocol::ErrorCode;

constexpr int kHashThreads = 2;
// A full hash queue (all addresses together, or this address's share) is retried after this.
constexpr qint64 kHashQueueFullRetryMs = 1000;
constexpr double kSecondsPerHour = 3600.0;

void authFailed(ServerContext &server, const Responder &reply) {
    server.metrics->loginFailed();
    reply.fail(ErrorCode::AuthFailed, QStringLiteral("wrong username or password"));
}

} // namespace

AuthService::AuthService(ServerContext &server, AuthLimits limits,
                         LoginThrottle::Clock monotonicClock)
    : m_server(server), m_limits(limits),
      m_clock(monotonicClock ? std::move(monotonicClock) : LoginThrottle::Clock(monotonicMs)),
      m_throttle(limits.login, m_clock),
      m_signUps(limits.signUpBurst, limits.signUpsPerHour / kSecondsPerHour, limits.maxTrackedKeys),
      m_userWrites(limits.userWriteBurst, limits.userWritesPerSecond, limits.maxTrackedKeys),
      m_typing(limits.typingBurst, limits.typingPerMinute / 60.0, limits.maxTrackedKeys),
      m_drafts(limits.draftBurst, limits.draftsPerMinute / 60.0, limits.maxTrackedKeys),
      m_inviteAttempts(limits.inviteAttemptBurst, limits.inviteAttemptsPerHour / kSecondsPerHour,
                       limits.maxTrackedKeys),
      m_hashJobs(limits.maxPendingHashJobs, limits.maxPendingHashJobsPerAddress) {
    m_pool.setMaxThreadCount(kHashThreads);
}

AuthService::~AuthService() {
    drain();
}

void AuthService::drain() {
    m_stopping = true;
    m_pool.waitForDone();
}

bool AuthService::startHashJob(const QString &peerAddress, const Responder &reply,
                               std::function<void()> job) {
    if (m_stopping) {
        reply.fail(ErrorCode::Internal, QStringLiteral("the server is stopping"));
        return false;
    }
    switch (m_hashJobs.tryAcquire(peerAddress)) {
    case ConcurrencyLimiter::Admission::Admitted:
        break;
    case ConcurrencyLimiter::Admission::Full:
        reply.fail(ErrorCode::FloodWait, QStringLiteral("too many log-ins in progress"),
                   kHashQueueFullRetryMs);
        return false;
    case ConcurrencyLimiter::Admission::KeyFull:
        reply.fail(ErrorCode::FloodWait,
                   QStringLiteral("too many log-ins in progress from this address"),
                   kHashQueueFullRetryMs);
        return false;
    }
    m_pool.start([this, peerAddress, job = std::move(job)] {
        job();
        m_hashJobs.release(peerAddress);
    });
    return true;
}

bool AuthService::admitWrite(qint64 userId, const Responder &reply) {
    qint64 wait = 0;
    if (m_userWrites.tryTake(QString::number(userId), m_clock(), &wait))
        return true;
    reply.fail(ErrorCode::FloodWait, QStringLiteral("too many writes for this account"), wait);
    return false;
}

bool AuthService::admitTyping(qint64 userId, const Responder &reply) {
    qint64 wait = 0;
    if (m_typing.tryTake(QString::number(userId), m_clock(), &wait))
        return true;
    reply.fail(ErrorCode::FloodWait, QStringLiteral("too many typing notices"), wait);
    return false;
}

bool AuthService::admitDraft(qint64 userId, const Responder &reply) {
    qint64 wait = 0;
    if (m_drafts.tryTake(QString::number(userId), m_clock(), &wait))
        return true;
    reply.fail(ErrorCode::FloodWait, QStringLiteral("too many draft saves"), wait);
    return false;
}

bool AuthService::admitInviteAttempt(qint64 userId, const Responder &reply) {
    qint64 wait = 0;
    if (m_inviteAttempts.tryTake(QString::number(userId), m_clock(), &wait))
        return true;
    reply.fail(ErrorCode::FloodWait, QStringLiteral("too many invite link attempts"), wait);
    return false;
}

void completeAuthentication(ServerContext &server, const Responder &reply,
                            const protocol::api::AuthResult &result) {
    Q_UNUSED(server);
    reply.link()->post([userId = result.userId, deviceId = result.deviceId](ClientSession &c) {
        c.authenticate(userId, deviceId);
    });
    reply.ok(result.toCbor());
}

void AuthService::createSession(qint64 userId, const QString &deviceName, const Responder &reply) {
    const QString token = crypto::newSessionToken();
    ServerContext &server = m_server;
    server.domain->accounts.createDevice(
        userId, deviceName, crypto::sessionTokenHash(token), nowMs(),
        [&server, reply, userId, token](StoreResult<NewDevice> result) {
            if (const StoreError *error = storeError(result))
                return answerStoreError(reply, *error);
            const NewDevice &device = std::get<NewDevice>(result);
            qCInfo(lcGateway) << "session created for user" << userId << "device"
                              << device.deviceId;
            completeAuthentication(server, reply, {userId, device.deviceId, token, device.pts});
        });
}

void AuthService::signUp(const QString &username, const QByteArray &password,
                         const QString &deviceName, const QString &displayName,
                         const QString &peerAddress, const Responder &reply) {
    // Counted per attempt, not per account created: the hash is the cost being limited.
    qint64 wait = 0;
    if (!m_signUps.tryTake(peerAddress, m_clock(), &wait))
        return reply.fail(ErrorCode::FloodWait, QStringLiteral("too many sign-ups"), wait);
    startHashJob(peerAddress, reply,
                 [this, username, password = QByteArray(password), deviceName, displayName,
                  reply]() mutable {
                     const std::optional<QByteArray> hash = crypto::hashPassword(password);
                     crypto::wipe(password);
                     if (!hash) {
                         qCWarning(lcGateway) << "password hashing failed (out of memory?)";
                         return reply.fail(ErrorCode::Internal,
                                           QStringLiteral("password hashing failed"));
                     }
                     m_server.domain->accounts.createAccount(
                         username, displayName, *hash, nowMs(),
                         [this, reply, deviceName](StoreResult<protocol::User> result) {
                             if (const StoreError *error = storeError(result))
                                 return answerStoreError(reply, *error);
                             createSession(std::get<protocol::User>(result).id, deviceName, reply);
                         });
                 });
}

void AuthService::logIn(const QString &username, const QByteArray &password,
                        const QString &deviceName, const QString &peerAddress,
                        const Responder &reply) {
    if (const qint64 wait = m_throttle.retryAfterMs(username, peerAddress); wait > 0)
        return reply.fail(ErrorCode::FloodWait, QStringLiteral("too many failed log-ins"), wait);
    // Looked up on the read pool. A failed read is INTERNAL, not a wrong password: nothing is
    // counted against anyone for the server's own failure.
    domain::Domain &domain = *m_server.domain;
    readThen(
        m_server, reply, [&domain, username] { return domain.accounts.findAccount(username); },
        [this, username, password = QByteArray(password), deviceName, peerAddress,
         reply](StoreResult<std::optional<Account>> found) mutable {
            if (const StoreError *error = storeError(found)) {
                crypto::wipe(password);
                return answerStoreError(reply, *error);
            }
            verifyLogIn(username, password, deviceName, peerAddress, reply,
                        std::get<std::optional<Account>>(std::move(found)));
        });
}

void AuthService::verifyLogIn(const QString &username, QByteArray &password,
                              const QString &deviceName, const QString &peerAddress,
                              const Responder &reply, std::optional<Account> account) {
    startHashJob(peerAddress, reply,
                 [this, username, password = std::move(password), deviceName, peerAddress, reply,
                  account = std::move(account)]() mutable {
                     // Checked again: requests queued before the limit was reached must not
                     // get past it.
                     if (const qint64 wait = m_throttle.retryAfterMs(username, peerAddress);
                         wait > 0) {
                         crypto::wipe(password);
                         return reply.fail(ErrorCode::FloodWait,
                                           QStringLiteral("too many failed log-ins"), wait);
                     }
                     bool ok = false;
                     if (account)
                         ok = crypto::verifyPassword(account->passwordHash, password);
                     else
                         crypto::burnPasswordVerification(password); // same cost either way
                     crypto::wipe(password);
                     if (!ok) {
                         m_throttle.recordFailure(username, peerAddress);
                         return authFailed(m_server, reply);
                     }
                     m_throttle.recordSuccess(username, peerAddress);
                     createSession(account->user.id, deviceName, reply);
                 });
}

void AuthService::resume(const QString &token, const Responder &reply) {
    struct Found {
        StoreResult<std::optional<SessionRef>> session = StoreError::Internal;
        StoreResult<qint64> pts = StoreError::Internal;
    };
    domain::Domain &domain = *m_server.domain;
    readThen(
        m_server, reply,
        [&domain, tokenHash = crypto::sessionTokenHash(token)] {
            Found found;
            found.session = domain.accounts.sessionByTokenHash(tokenHash);
            const auto *session = std::get_if<std::optional<SessionRef>>(&found.session);
            if (session && *session)
                found.pts = domain.updates.currentPts((*session)->userId);
            return found;
        },
        [this, reply](const Found &found) { finishResume(found.session, found.pts, reply); });
}

void AuthService::finishResume(const StoreResult<std::optional<SessionRef>> &found,
                               const StoreResult<qint64> &pts, const Responder &reply) {
    // Every failed read answers INTERNAL: UNAUTHORIZED makes a client drop its token and sign
    // the user out, so it is said only when the store really found no live session.
    if (const StoreError *error = storeError(found))
        return answerStoreError(reply, *error);
    const std::optional<SessionRef> &session = std::get<std::optional<SessionRef>>(found);
    if (!session)
        return reply.fail(ErrorCode::Unauthorized, QStringLiteral("unknown or revoked token"));
    const qint64 now = nowMs();
    if (now - session->lastSeenAt > m_limits.sessionIdleMs) {
        qCInfo(lcGateway) << "session of user" << session->userId << "device" << session->deviceId
                          << "expired after idling";
        // Revoked so it stays dead whatever the clock does next; a failed revoke changes
        // nothing for this answer (the next resume finds it idle again).
        m_server.domain->accounts.revokeDevice(session->userId, session->deviceId, now, {});
        return reply.fail(ErrorCode::Unauthorized, QStringLiteral("the session expired"));
    }
    if (const StoreError *error = storeError(pts))
        return answerStoreError(reply, *error);
    m_server.domain->accounts.touchDevice(session->deviceId, now);
    // auth.resume answers without a token: the client keeps the one it has.
    completeAuthentication(m_server, reply,
                           {session->userId, session->deviceId, {}, std::get<qint64>(pts)});
}

} // namespace msgr::server
