#pragma once
//! Accounts and their devices (sessions): unique usernames, a log for every new user, a
//! device per log-in found by its token hash until revoked. Thread-safe: reads run on the
//! calling thread; a write's `done` runs on the store's writer thread (see units.h).
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

class Accounts {
public:
    explicit Accounts(Store &store) : m_store(store) {}

    //! UsernameTaken when the name is in use; the user starts with an empty log.
    void createAccount(const QString &username, const QString &displayName,
                       const QByteArray &passwordHash, qint64 now,
                       std::function<void(StoreResult<protocol::User>)> done);
    //! nullopt: no such account.
    StoreResult<std::optional<Account>> findAccount(const QString &username);
    //! NotFound for an unknown user.
    void createDevice(qint64 userId, const QString &name, const QByteArray &tokenHash, qint64 now,
                      std::function<void(StoreResult<NewDevice>)> done);
    //! The live (not revoked) device owning a token hash; nullopt: unknown or revoked.
    StoreResult<std::optional<SessionRef>> sessionByTokenHash(const QByteArray &tokenHash);
    StoreResult<QList<protocol::Device>> devices(qint64 userId);
    //! Revokes a device of this user; NotFound if it is not theirs or already revoked. Its
    //! secret-chat keys and queue go with it (SecretRelay::forgetDevice).
    void revokeDevice(qint64 userId, qint64 deviceId, qint64 now,
                      std::function<void(StoreResult<bool>)> done);
    //! Records activity (coalesced by the store, not durable-critical).
    void touchDevice(qint64 deviceId, qint64 now);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
