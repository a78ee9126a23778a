#include "server/auth_service.h"

#include "crypto/password_hash.h"
#include "crypto/session_token.h"
#include "crypto/sodium.h"
#include "server/client_session.h"
#include "server/metrics.h"

namespace msgr::server {
namespace {
using protocol::ErrorCode;
using L = QLatin1StringView;

constexpr int kHashThreads = 2;
// Requests waiting for a hash thread; past this a sign-up/log-in flood gets FLOOD_WAIT instead
// of an ever-growing queue.
constexpr int kMaxPendingHashJobs = 256;
constexpr qint64 kHashQueueFullRetryMs = 1000;

void authFailed(ServerContext &server, const Responder &reply) {
    server.metrics->loginFailed();
    reply.fail(ErrorCode::AuthFailed, QStringLiteral("wrong username or password"));
}
} // namespace

AuthService::AuthService(ServerContext &server, LoginThrottle::Clock throttleClock)
    : m_server(server), m_throttle({}, std::move(throttleClock)) {
    m_pool.setMaxThreadCount(kHashThreads);
}

AuthService::~AuthService() {
    drain();
}

void AuthService::drain() {
    m_stopping = true;
    m_pool.waitForDone();
}

bool AuthService::startHashJob(const Responder &reply, std::function<void()> job) {
    if (m_stopping) {
        reply.fail(ErrorCode::Internal, QStringLiteral("the server is stopping"));
        return false;
    }
    if (m_pendingJobs.fetch_add(1) >= kMaxPendingHashJobs) {
        m_pendingJobs.fetch_sub(1);
        reply.fail(ErrorCode::FloodWait, QStringLiteral("too many log-ins in progress"),
                   kHashQueueFullRetryMs);
        return false;
    }
    m_pool.start([this, job = std::move(job)] {
        job();
        m_pendingJobs.fetch_sub(1);
    });
    return true;
}

void completeAuthentication(ServerContext &server, const Responder &reply, qint64 userId,
                            qint64 deviceId, const QCborMap &result) {
    Q_UNUSED(server);
    reply.link()->post([userId, deviceId](ClientSession &c) { c.authenticate(userId, deviceId); });
    reply.ok(result);
}

void AuthService::createSession(qint64 userId, const QString &deviceName, const Responder &reply) {
    const QString token = crypto::newSessionToken();
    ServerContext &server = m_server;
    server.store->createDevice(userId, deviceName, crypto::sessionTokenHash(token), nowMs(),
                               [&server, reply, userId, token](StoreResult<NewDevice> result) {
                                   if (const auto *error = std::get_if<StoreError>(&result))
                                       return reply.fail(*error);
                                   const NewDevice &device = std::get<NewDevice>(result);
                                   qCInfo(lcGateway) << "session created for user" << userId
                                                     << "device" << device.deviceId;
                                   completeAuthentication(server, reply, userId, device.deviceId,
                                                          QCborMap{{L("userId"), userId},
                                                                   {L("deviceId"), device.deviceId},
                                                                   {L("token"), token},
                                                                   {L("pts"), device.pts}});
                               });
}

void AuthService::signUp(const QString &username, const QByteArray &password,
                         const QString &deviceName, const QString &displayName,
                         const Responder &reply) {
    startHashJob(reply, [this, username, password = QByteArray(password), deviceName, displayName,
                         reply]() mutable {
        const std::optional<QByteArray> hash = crypto::hashPassword(password);
        crypto::wipe(password);
        if (!hash) {
            qCWarning(lcGateway) << "password hashing failed (out of memory?)";
            return reply.fail(ErrorCode::Internal, QStringLiteral("password hashing failed"));
        }
        m_server.store->createAccount(
            username, displayName, *hash,
            [this, reply, deviceName](StoreResult<protocol::User> result) {
                if (const auto *error = std::get_if<StoreError>(&result))
                    return reply.fail(*error);
                createSession(std::get<protocol::User>(result).id, deviceName, reply);
            });
    });
}

void AuthService::logIn(const QString &username, const QByteArray &password,
                        const QString &deviceName, const QString &peerAddress,
                        const Responder &reply) {
    if (const qint64 wait = m_throttle.retryAfterMs(username, peerAddress); wait > 0)
        return reply.fail(ErrorCode::FloodWait, QStringLiteral("too many failed log-ins"), wait);
    // Looked up here, on the connection worker, which has its own read connection to the store.
    const std::optional<Account> account = m_server.store->findAccount(username);
    startHashJob(reply, [this, username, password = QByteArray(password), deviceName, peerAddress,
                         reply, account]() mutable {
        // Checked again: requests queued before the limit was reached must not get past it.
        if (const qint64 wait = m_throttle.retryAfterMs(username, peerAddress); wait > 0) {
            crypto::wipe(password);
            return reply.fail(ErrorCode::FloodWait, QStringLiteral("too many failed log-ins"),
                              wait);
        }
        bool ok = false;
        if (account)
            ok = crypto::verifyPassword(account->passwordHash, password);
        else
            crypto::burnPasswordVerification(password); // same cost: existence stays hidden
        crypto::wipe(password);
        if (!ok) {
            m_throttle.recordFailure(username, peerAddress);
            return authFailed(m_server, reply);
        }
        createSession(account->user.id, deviceName, reply);
    });
}

void AuthService::resume(const QString &token, const Responder &reply) {
    const std::optional<SessionRef> session =
        m_server.store->sessionByTokenHash(crypto::sessionTokenHash(token));
    if (!session)
        return reply.fail(ErrorCode::Unauthorized, QStringLiteral("unknown or revoked token"));
    m_server.store->touchDevice(session->deviceId, nowMs());
    completeAuthentication(m_server, reply, session->userId, session->deviceId,
                           QCborMap{{L("userId"), session->userId},
                                    {L("deviceId"), session->deviceId},
                                    {L("pts"), m_server.store->currentPts(session->userId)}});
}

} // namespace msgr::server
