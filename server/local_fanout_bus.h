#pragma once
//! The in-process fan-out bus: a registry userId → live connections, behind one mutex.
#include "server/fanout_bus.h"
#include "server/metrics.h"

#include <QHash>
#include <QMutex>

namespace msgr::server {

class LocalFanoutBus final : public FanoutBus {
public:
    explicit LocalFanoutBus(Metrics *metrics) : m_metrics(metrics) {}

    void attach(qint64 userId, qint64 deviceId, const LinkPtr &link) override;
    void detach(qint64 userId, const ConnectionLink *link) override;
    void publish(const QList<UserUpdate> &updates) override;
    void closeDevice(qint64 userId, qint64 deviceId, quint16 code, const QString &reason) override;

    //! Connected devices of a user (for tests and metrics).
    int connectionCount(qint64 userId) const;

private:
    struct Entry {
        qint64 deviceId = 0;
        LinkPtr link;
    };

    Metrics *m_metrics;
    mutable QMutex m_mutex;
    QHash<qint64, QList<Entry>> m_byUser;
};

} // namespace msgr::server
