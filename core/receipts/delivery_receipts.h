#pragma once
//! Tells the server which incoming messages are durably stored here (messages.received), so
//! the sender sees them delivered. Receipts are coalesced per chat: a catch-up of 100k messages
//! costs a few dozen calls instead of one per stored slice, which the server's per-connection
//! rate limit would otherwise throttle. Receipts noted while the link is down are sent when it
//! is back.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "protocol/updates.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace msgr::core {

class RequestChannel;

class DeliveryReceipts : public QObject {
    Q_OBJECT
public:
    static constexpr int kCoalesceMs = 200;

    //! `channel` must outlive the receipts.
    explicit DeliveryReceipts(RequestChannel *channel, QObject *parent = nullptr);

    //! Messages of `chatId` up to `maxId` from other users are stored.
    void noteStored(qint64 chatId, qint64 maxId);
    //! Notes the incoming messages of applied updates.
    void noteApplied(const QList<protocol::LoggedUpdate> &updates);
    //! Notes the incoming messages of a stored page.
    void noteStored(qint64 chatId, const QList<protocol::Message> &messages);

private:
    void flush();

    RequestChannel *m_channel;
    QTimer *m_timer;
    QHash<qint64, qint64> m_pending; // chat id -> max stored incoming id, not yet sent
};

} // namespace msgr::core
