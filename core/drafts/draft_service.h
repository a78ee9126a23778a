#pragma once
//! Sends this device's drafts to the server and takes the server's list (docs/protocol.md
//! §17.2). A draft is text the user wrote, so unlike a pin it is never dropped offline: the
//! composer stores it (dirty) first, and every dirty draft is sent by flush(), which runs when
//! asked and on every authorized(); the row stays dirty until the server acknowledges exactly
//! that text. After the flush, on every authorized(), the whole list (messages.getDrafts) is
//! fetched and merged: how a new device, or one past tooLong, learns the drafts. Other devices'
//! changes arrive as `draft` updates, applied by the sync layer through DraftsSync. Secret
//! chats' drafts never reach this class (they are not dirty).
//!
//! Thread affinity: the network thread, beside its RequestChannel. Construct anywhere, move
//! to that thread, then call (queued from the GUI thread).
#include "core/net/request_channel.h"
#include "storage/tables/drafts_table.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class DraftService : public QObject {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the service.
    DraftService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Sends every dirty draft (now, or once authorized).
    Q_INVOKABLE void flush();
    //! Fetches the server's drafts and merges them into the store.
    Q_INVOKABLE void refresh();

signals:
    //! The server acknowledged the chat's draft (`text`, empty: cleared) and it is stored.
    void draftSent(qint64 chatId, const QString &text);
    //! The server refused it for good (TOO_LARGE, NOT_FOUND, ...): it stays on this device
    //! only. `code` is the server's error code.
    void draftRefused(qint64 chatId, const QString &code, const QString &message);
    //! The server's list was merged into the store.
    void draftsFetched();

private:
    void sendRows(const QList<storage::DraftRow> &rows);
    void oneDone();
    void fetchPage(qint64 offsetChatId, QList<storage::DraftRow> soFar, qint64 time);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
    QTimer m_floodRetry;  // FLOOD_WAIT: flush again after the server's wait
    int m_inFlight = 0;   // saves sent and not answered (plus 1 while the dirty rows are read)
    bool m_again = false; // flush() asked while one ran: run once more after it
};

} // namespace msgr::core
