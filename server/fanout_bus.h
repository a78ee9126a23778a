#pragma once
//! Delivers committed updates to live connections, addressed to a user, a device or a topic
//! (fanout_address.h). An interface so that a bus spanning several server instances (Redis
//! pub/sub) can replace the in-process one. All methods are thread-safe.
#include "server/connection_link.h"
#include "server/domain/results.h"
#include "server/fanout_address.h"

#include <QList>

namespace msgr::server {

class FanoutBus {
public:
    virtual ~FanoutBus() = default;

    //! An authenticated connection of (user, device) becomes reachable by its user's and its
    //! device's addresses.
    virtual void attach(qint64 userId, qint64 deviceId, const LinkPtr &link) = 0;
    //! The connection is reachable by nothing any more (topics included).
    virtual void detach(qint64 userId, const ConnectionLink *link) = 0;
    //! The connection receives what is published to the topic until unsubscribed or detached.
    virtual void subscribe(qint64 topicId, const LinkPtr &link) = 0;
    virtual void unsubscribe(qint64 topicId, const ConnectionLink *link) = 0;
    //! Every connection of the user now attached subscribes to / leaves the topic (a channel
    //! the user joined or left on any device).
    virtual void subscribeUser(qint64 userId, qint64 topicId) = 0;
    virtual void unsubscribeUser(qint64 userId, qint64 topicId) = 0;

    //! Queues `frame` to every connection `to` names. Calls to one bus keep their order for
    //! each connection.
    virtual void publish(const FanoutAddress &to, const QByteArray &frame) = 0;
    //! Queues an `upd` frame for every update to every connected device of its user. Called
    //! from a domain `done` callback, i.e. on the store's writer thread in commit order.
    virtual void publish(const QList<UserUpdate> &updates) = 0;

    //! Closes every connection of one device (revoked or logged out).
    virtual void closeDevice(qint64 userId, qint64 deviceId, quint16 code,
                             const QString &reason) = 0;
};

} // namespace msgr::server
