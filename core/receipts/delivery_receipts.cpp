#include "core/receipts/delivery_receipts.h"

#include "core/net/request_channel.h"
#include "protocol/api/messages.h"

#include <QTimer>
#include <utility>

namespace msgr::core {

DeliveryReceipts::DeliveryReceipts(RequestChannel *channel, QObject *parent)
    : QObject(parent), m_channel(channel), m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    m_timer->setInterval(kCoalesceMs);
    connect(m_timer, &QTimer::timeout, this, &DeliveryReceipts::flush);
    connect(m_channel, &RequestChannel::authorized, this, [this] {
        if (!m_pending.isEmpty())
            m_timer->start(); // stored while the link was down
    });
}

void DeliveryReceipts::noteStored(qint64 chatId, qint64 maxId) {
    if (chatId <= 0 || maxId <= 0)
        return;
    qint64 &max = m_pending[chatId];
    max = qMax(max, maxId);
    if (!m_timer->isActive())
        m_timer->start();
}

void DeliveryReceipts::noteApplied(const QList<protocol::LoggedUpdate> &updates) {
    const qint64 self = m_channel->userId();
    for (const protocol::LoggedUpdate &u : updates) {
        if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&u.update)) {
            if (m->message.senderId != self)
                noteStored(m->message.chatId, m->message.id);
        }
    }
}

void DeliveryReceipts::noteStored(qint64 chatId, const QList<protocol::Message> &messages) {
    const qint64 self = m_channel->userId();
    qint64 maxIncoming = 0;
    for (const protocol::Message &m : messages) {
        if (m.senderId != self)
            maxIncoming = qMax(maxIncoming, m.id);
    }
    noteStored(chatId, maxIncoming);
}

void DeliveryReceipts::flush() {
    if (!m_channel->isAuthorized())
        return; // kept: sent once the link is back
    const QHash<qint64, qint64> receipts = std::exchange(m_pending, {});
    for (auto it = receipts.cbegin(); it != receipts.cend(); ++it) {
        const qint64 chatId = it.key();
        const qint64 maxId = it.value();
        m_channel->call(api::MarkReceived{chatId, maxId}, this,
                        [this, chatId, maxId](const api::Reply<api::Empty> &reply) {
                            if (reply.connectionLost)
                                noteStored(chatId, maxId); // again after reconnecting
                        });
    }
}

} // namespace msgr::core
