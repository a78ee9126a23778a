#pragma once
//! Self-destructing messages (docs/protocol.md §12.7). A message's timer starts when the
//! recipient reads it (secret_writes.h, markRead; the sender's copy when the read notice
//! arrives); at expiry the message is removed from the encrypted database and its full-text
//! index in ONE job (purgeExpired), also after a restart: the expiry time is stored, and start()
//! purges whatever ran out while the app was closed. SecretTimers arms one QTimer for the
//! earliest expiry, never a sleep: the purge job itself tells when the next one is due.
//!
//! Thread affinity: SecretTimers lives on the thread that created it (the GUI thread, or
//! msgr-cli's main thread); purgeExpired() runs on the storage thread inside a job.
#include "storage/transaction.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core::secret {

struct Purged {
    QList<qint64> localIds; // the messages removed
    QList<qint64> chatIds;  // their chats, each once
    qint64 nextExpiry = 0;  // the earliest timer still running (ms since the epoch; 0: none)
};

//! Removes every message whose timer ran out at `nowMs` (row, search index, timer), updates
//! their chats' last message, and tells the views to reload (the change set's reset).
Purged purgeExpired(storage::WriteTransaction &tx, qint64 nowMs);

class SecretTimers : public QObject {
    Q_OBJECT
public:
    //! `store` must outlive this object.
    explicit SecretTimers(storage::ProfileStore *store, QObject *parent = nullptr);

    //! Purges what expired (also while closed) and arms the timer for the next expiry.
    void start();
    //! Timers started (a read, a read notice): purge what is due and re-arm.
    void reschedule() { start(); }

signals:
    //! These messages were removed (committed) from the database and the search index.
    void messagesExpired(const QList<qint64> &localIds, const QList<qint64> &chatIds);

private:
    storage::ProfileStore *m_store;
    QTimer m_timer;
};

} // namespace msgr::core::secret
