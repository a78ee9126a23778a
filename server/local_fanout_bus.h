#pragma once
//! The in-process fan-out bus: registries userId → connections and topicId → connections,
//! behind one mutex.
#include "server/fanout_bus.h"
#include "server/metrics.h"

#include <QHash>
#include <QMutex>
#include <QSet>

namespace msgr::server {

class LocalFanoutBus final : public FanoutBus {
public:
    explicit LocalFanoutBus(Metrics *metrics) : m_metrics(metrics) {}

    void attach(qint64 userId, qint64 deviceId, const LinkPtr &link) override;
    void detach(qint64 userId, const ConnectionLink *link) override;
    void subscribe(qint64 topicId, const LinkPtr &link) override;
    void unsubscribe(qint64 topicId, const ConnectionLink *link) override;
    void subscribeUser(qint64 userId, qint64 topicId) override;
    void unsubscribeUser(qint64 userId, qint64 topicId) override;
    void publish(const FanoutAddress &to, const QByteArray &frame) override;
    void publish(const QList<UserUpdate> &updates) override;
    void closeDevice(qint64 userId, qint64 deviceId, quint16 code, const QString &reason) override;

    //! Connected devices of a user (for tests and metrics).
    int connectionCount(qint64 userId) const;
    //! Subscribers of a topic (for tests and metrics).
    int subscriberCount(qint64 topicId) const;

private:
    struct Entry {
        qint64 deviceId = 0;
        LinkPtr link;
    };
    //! Queues `frame` to each connection `to` names; the number queued. m_mutex held.
    qint64 sendLocked(const FanoutAddress &to, const QByteArray &frame) const;
    void subscribeLocked(qint64 topicId, const LinkPtr &link);
    void unsubscribeLocked(qint64 topicId, const ConnectionLink *link);

    Metrics *m_metrics;
    mutable QMutex m_mutex;
    QHash<qint64, QList<Entry>> m_byUser;
    QHash<qint64, QList<LinkPtr>> m_byTopic;
    QHash<const ConnectionLink *, QList<qint64>> m_topicsOf; // so detach finds them at once
    QSet<const ConnectionLink *> m_attached;                 // every attached connection
};

} // namespace msgr::server
