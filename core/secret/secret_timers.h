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
#include "core/secret/secret_attachment_writes.h"
#include "storage/transaction.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core::secret {

struct Purged {
    QList<qint64> localIds;     // the messages removed
    QList<qint64> chatIds;      // their chats, each once
    QList<ForgottenFile> files; // their files (§12.8): delete them once this job committed
    qint64 nextExpiry = 0;      // the earliest timer still running (ms since the epoch; 0: none)
};

//! Removes every message whose timer ran out at `nowMs` (row, search index, timer, its file's
//! attachment rows, key and download row: secret_attachment_writes.h's forgetFile), updates
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
    //! The profile's media cache folder: an expired file's decrypted copy there is deleted
    //! (on the thread pool, never this thread). Without it only the rows go.
    void setMediaCacheDir(const QString &dir) { m_cacheDir = dir; }

signals:
    //! These messages were removed (committed) from the database and the search index.
    void messagesExpired(const QList<qint64> &localIds, const QList<qint64> &chatIds);
    //! The files of expired messages (their rows are gone; the files are being deleted): a
    //! transfer still holding one lets go of it.
    void filesExpired(const QStringList &fileIds);

private:
    void removeFiles(const QList<ForgottenFile> &files);
    storage::ProfileStore *m_store;
    QTimer m_timer;
    QString m_cacheDir;
};

} // namespace msgr::core::secret
