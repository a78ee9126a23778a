#include "server/domain/accounts.h"

#include "server/domain/secret_relay.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"

namespace msgr::server::domain {

void Accounts::createAccount(const QString &username, const QString &displayName,
                             const QByteArray &passwordHash, qint64 now,
                             std::function<void(StoreResult<protocol::User>)> done) {
    writeUnit<protocol::User>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<protocol::User> {
            if (records.accountByUsername(username))
                return StoreError::UsernameTaken;
            const qint64 userId = records.insertUser(username, displayName, passwordHash, now);
            records.createLog(userId);
            return protocol::User{userId, username, displayName};
        },
        std::move(done));
}

StoreResult<std::optional<Account>> Accounts::findAccount(const QString &username) {
    return readUnit<std::optional<Account>>(
        m_store, [&](RecordReader &records) { return records.accountByUsername(username); });
}

void Accounts::createDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                            qint64 now, std::function<void(StoreResult<NewDevice>)> done) {
    writeUnit<NewDevice>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<NewDevice> {
            if (!records.user(userId))
                return StoreError::NotFound;
            const qint64 deviceId = records.insertDevice(userId, name, tokenHash, now);
            return NewDevice{deviceId, UpdateLog::currentPts(records, userId)};
        },
        std::move(done));
}

StoreResult<std::optional<SessionRef>> Accounts::sessionByTokenHash(const QByteArray &tokenHash) {
    return readUnit<std::optional<SessionRef>>(
        m_store, [&](RecordReader &records) { return records.liveDeviceByTokenHash(tokenHash); });
}

StoreResult<QList<protocol::Device>> Accounts::devices(qint64 userId) {
    return readUnit<QList<protocol::Device>>(
        m_store, [&](RecordReader &records) { return records.liveDevices(userId); });
}

void Accounts::revokeDevice(qint64 userId, qint64 deviceId, qint64 now,
                            std::function<void(StoreResult<bool>)> done) {
    writeUnit<bool>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<bool> {
            if (!records.revokeDevice(userId, deviceId, now))
                return StoreError::NotFound;
            // A signed-out device takes its secret-chat keys and undelivered envelopes with it.
            SecretRelay::forgetDevice(records, deviceId);
            return true;
        },
        std::move(done));
}

void Accounts::touchDevice(qint64 deviceId, qint64 now) {
    m_store.touchDevice(deviceId, now);
}

} // namespace msgr::server::domain
