#include "server/local_fanout_bus.h"

#include "protocol/frame.h"
#include "protocol/preencoded.h"

namespace msgr::server {

void LocalFanoutBus::attach(qint64 userId, qint64 deviceId, const LinkPtr &link) {
    QMutexLocker lock(&m_mutex);
    m_byUser[userId].append(Entry{deviceId, link});
    m_attached.insert(link.get());
}

void LocalFanoutBus::detach(qint64 userId, const ConnectionLink *link) {
    QMutexLocker lock(&m_mutex);
    m_attached.remove(link);
    if (auto it = m_byUser.find(userId); it != m_byUser.end()) {
        it->removeIf([link](const Entry &e) { return e.link.get() == link; });
        if (it->isEmpty())
            m_byUser.erase(it);
    }
    const QList<qint64> topics = m_topicsOf.take(link);
    for (const qint64 topicId : topics) {
        auto it = m_byTopic.find(topicId);
        if (it == m_byTopic.end())
            continue;
        it->removeIf([link](const LinkPtr &l) { return l.get() == link; });
        if (it->isEmpty())
            m_byTopic.erase(it);
    }
}

void LocalFanoutBus::subscribe(qint64 topicId, const LinkPtr &link) {
    QMutexLocker lock(&m_mutex);
    subscribeLocked(topicId, link);
}

void LocalFanoutBus::subscribeLocked(qint64 topicId, const LinkPtr &link) {
    // A connection already detached (gone while its subscription list was read) would stay in
    // the topic for ever: nothing would detach it again.
    if (!m_attached.contains(link.get()))
        return;
    QList<qint64> &topics = m_topicsOf[link.get()];
    if (topics.contains(topicId))
        return;
    topics.append(topicId);
    m_byTopic[topicId].append(link);
}

void LocalFanoutBus::unsubscribe(qint64 topicId, const ConnectionLink *link) {
    QMutexLocker lock(&m_mutex);
    unsubscribeLocked(topicId, link);
}

void LocalFanoutBus::subscribeUser(qint64 userId, qint64 topicId) {
    QMutexLocker lock(&m_mutex);
    const auto it = m_byUser.constFind(userId);
    if (it == m_byUser.cend())
        return;
    for (const Entry &e : *it)
        subscribeLocked(topicId, e.link);
}

void LocalFanoutBus::unsubscribeUser(qint64 userId, qint64 topicId) {
    QMutexLocker lock(&m_mutex);
    const auto it = m_byUser.constFind(userId);
    if (it == m_byUser.cend())
        return;
    for (const Entry &e : *it)
        unsubscribeLocked(topicId, e.link.get());
}

void LocalFanoutBus::unsubscribeLocked(qint64 topicId, const ConnectionLink *link) {
    if (auto it = m_topicsOf.find(link); it != m_topicsOf.end()) {
        it->removeAll(topicId);
        if (it->isEmpty())
            m_topicsOf.erase(it);
    }
    if (auto it = m_byTopic.find(topicId); it != m_byTopic.end()) {
        it->removeIf([link](const LinkPtr &l) { return l.get() == link; });
        if (it->isEmpty())
            m_byTopic.erase(it);
    }
}

qint64 LocalFanoutBus::sendLocked(const FanoutAddress &to, const QByteArray &frame) const {
    qint64 pushed = 0;
    switch (to.kind) {
    case FanoutAddress::Kind::User:
    case FanoutAddress::Kind::Device: {
        const auto it = m_byUser.constFind(to.id);
        if (it == m_byUser.cend())
            return 0;
        for (const Entry &e : *it) {
            if (to.kind == FanoutAddress::Kind::Device && e.deviceId != to.deviceId)
                continue;
            e.link->sendFrame(frame);
            ++pushed;
        }
        return pushed;
    }
    case FanoutAddress::Kind::Topic: {
        const auto it = m_byTopic.constFind(to.id);
        if (it == m_byTopic.cend())
            return 0;
        for (const LinkPtr &link : *it) {
            link->sendFrame(frame);
            ++pushed;
        }
        return pushed;
    }
    }
    return pushed;
}

void LocalFanoutBus::publish(const FanoutAddress &to, const QByteArray &frame) {
    QMutexLocker lock(&m_mutex);
    const qint64 pushed = sendLocked(to, frame);
    lock.unlock();
    if (pushed > 0)
        m_metrics->updatesPushed(pushed);
}

void LocalFanoutBus::publish(const QList<UserUpdate> &updates) {
    // Ordering: the store runs `done` callbacks one at a time, in commit order, on its writer
    // thread, and this loop queues frames in the order of `updates`. Calls queued to one
    // connection run in the order they were posted, so every device receives its user's
    // updates in pts order, without gaps caused by the bus itself.
    qint64 pushed = 0;
    QMutexLocker lock(&m_mutex);
    for (const UserUpdate &u : updates) {
        if (!m_byUser.contains(u.userId))
            continue; // no connection: not even encoded
        // Around the bytes the log stored (UpdateLog::append): no second encoding.
        const QByteArray frame = u.encoded.isEmpty()
                                     ? protocol::encodeFrame(protocol::UpdateFrame{
                                           u.logged.pts, protocol::updateToCbor(u.logged.update)})
                                     : protocol::preencoded::updateFrame(u.logged.pts, u.encoded);
        pushed += sendLocked(FanoutAddress::user(u.userId), frame);
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

int LocalFanoutBus::subscriberCount(qint64 topicId) const {
    QMutexLocker lock(&m_mutex);
    return int(m_byTopic.value(topicId).size());
}

} // namespace msgr::server
