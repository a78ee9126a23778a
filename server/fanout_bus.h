#pragma once
//! Delivers committed updates to the live connections of their users. An interface so that a
//! bus spanning several server instances (Redis pub/sub) can replace the in-process one.
//! All methods are thread-safe.
#include "server/connection_link.h"
#include "server/store/store.h"

#include <QList>

namespace msgr::server {

class FanoutBus {
public:
    virtual ~FanoutBus() = default;

    //! An authenticated connection of (user, device) starts receiving that user's updates.
    virtual void attach(qint64 userId, qint64 deviceId, const LinkPtr &link) = 0;
    virtual void detach(qint64 userId, const ConnectionLink *link) = 0;

    //! Queues an `upd` frame for every update to every connected device of its user. Called
    //! from a store `done` callback, i.e. on the writer thread in commit order.
    virtual void publish(const QList<UserUpdate> &updates) = 0;

    //! Closes every connection of one device (revoked or logged out).
    virtual void closeDevice(qint64 userId, qint64 deviceId, quint16 code,
                             const QString &reason) = 0;
};

} // namespace msgr::server
