#pragma once
//! Mutes and unmutes chats for the signed-in account through the server (chats.setMuted) and
//! keeps the local mutes (MutesTable) as the server last answered; on every authorized() it
//! fetches the whole list (chats.listMuted), which is how a new device, or one that missed the
//! log (tooLong), learns them. Other devices' changes arrive as chatMuted updates, applied by
//! the sync layer through MutesSync.
//!
//! Offline, a mute is refused at once (muteRefused), not queued, as a pin is: it is a one-tap
//! choice the user repeats when online, and the list shows only what the server accepted.
//!
//! Thread affinity: the network thread, beside its RequestChannel. Construct anywhere, move
//! to that thread, then call (queued from the GUI thread).
#include "core/net/request_channel.h"

#include <QObject>
#include <QPointer>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class MuteService : public QObject {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the service.
    MuteService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Mutes the chat for `forSeconds` (0: forever), or unmutes it (`muted` false).
    void setMuted(qint64 chatId, bool muted, qint64 forSeconds);
    //! Asks the server for the whole list and stores it.
    void refresh();

signals:
    //! The server (or the missing link) refused a mute or unmute; nothing changed locally.
    void muteRefused(qint64 chatId, bool muted, const QString &code, const QString &message);
    //! A mute the server accepted is stored (the chat list follows through the store).
    void muteStored(qint64 chatId, qint64 mutedUntil);

private:
    void store(qint64 chatId, qint64 mutedUntil);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
};

} // namespace msgr::core
