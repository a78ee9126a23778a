#include "server/local_fanout_bus.h"

#include "protocol/frame.h"

namespace msgr::server {

void LocalFanoutBus::attach(qint64 userId, qint64 deviceId, const LinkPtr &link) {
    QMutexLocker lock(&m_mutex);
    m_byUser[userId].append(Entry{deviceId, link});
}

void LocalFanoutBus::detach(qint64 userId, const ConnectionLink *link) {
    QMutexLocker lock(&m_mutex);
    auto it = m_byUser.find(userId);
    if (it == m_byUser.end())
        return;
    it->removeIf([link](const Entry &e) { return e.link.get() == link; });
    if (it->isEmpty())
        m_byUser.erase(it);
}

void LocalFanoutBus::publish(const QList<UserUpdate> &updates) {
    // Ordering: the store runs `done` callbacks one at a time, in commit order, on its writer
    // thread, and this loop queues frames in the order of `updates`. Events queued to one
    // QObject are delivered in the order they were posted, so every device receives its
    // user's updates in pts order, without gaps caused by the bus itself.
    qint64 pushed = 0;
    QMutexLocker lock(&m_mutex);
    for (const UserUpdate &u : updates) {
        const auto it = m_byUser.constFind(u.userId);
        if (it == m_byUser.cend())
            continue;
        const QByteArray frame = protocol::encodeFrame(
            protocol::UpdateFrame{u.logged.pts, protocol::updateToCbor(u.logged.update)});
        for (const Entry &e : *it) {
            e.link->sendFrame(frame);
            ++pushed;
        }
    }
    lock.unlock();
    if (pushed > 0)
        m_metrics->updatesPushed(pushed);
}

void LocalFanoutBus::closeDevice(qint64 userId, qint64 deviceId, quint16 code,
                                 const QString &reason) {
    QMutexLocker lock(&m_mutex);
    const auto it = m_byUser.constFind(userId);
    if (it == m_byUser.cend())
        return;
    for (const Entry &e : *it) {
        if (e.deviceId == deviceId)
            e.link->close(code, reason);
    }
}

int LocalFanoutBus::connectionCount(qint64 userId) const {
    QMutexLocker lock(&m_mutex);
    return int(m_byUser.value(userId).size());
}

} // namespace msgr::server
