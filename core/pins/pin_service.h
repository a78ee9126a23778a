#pragma once
//! Pins and unpins chats for the signed-in account through the server (chats.setPinned) and
//! keeps the local order (PinsTable) as the server last answered; on every authorized() it
//! fetches the whole order (chats.listPinned), which is how a new device, or one that missed
//! the log (tooLong), learns it. Other devices' changes arrive as pinnedChats updates, applied
//! by the sync layer through PinsSync.
//!
//! Offline, a pin is refused at once (pinRefused), not queued: it is a one-tap toggle the user
//! repeats when online, and a queued pin could meet the limit of five later, when nobody sees
//! the refusal. The chat list shows only what the server accepted.
//!
//! Thread affinity: the network thread, beside its RequestChannel. Construct anywhere, move
//! to that thread, then call (queued from the GUI thread).
#include "core/net/request_channel.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class PinService : public QObject {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the service.
    PinService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Pins `chatId` at the top of the list, or unpins it.
    Q_INVOKABLE void setPinned(qint64 chatId, bool pinned);
    //! Fetches the account's order from the server and stores it.
    Q_INVOKABLE void refresh();

signals:
    //! The server's order was stored (most recently pinned first).
    void pinsStored(const QList<qint64> &chatIds);
    //! Nothing changed: `code` is the server's error code (e.g. LIMIT_EXCEEDED, NOT_FOUND) or
    //! OFFLINE; `message` says why, for the user.
    void pinRefused(qint64 chatId, bool pinned, const QString &code, const QString &message);

private:
    void store(const QList<qint64> &chatIds);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
};

} // namespace msgr::core
