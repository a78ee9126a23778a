#pragma once
//! One run of the client on a profile directory: the ProfileStore (encrypted with a raw key, or
//! the plaintext baseline) and the SyncEngine on its own network thread, the way the app wires
//! them; what the engine reports is collected on the main thread.
//!
//! Thread affinity: constructed, used and destroyed on the main thread; the engine lives on
//! its own thread.
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"

#include <QObject>
#include <QThread>
#include <QUrl>
#include <optional>

namespace msgr::bench {

enum class StoreKind { Encrypted, Plain };

class ProfileRun : public QObject {
    Q_OBJECT
public:
    ProfileRun(StoreKind kind, const QString &directory, const QUrl &serverUrl);
    //! Shuts the engine down, stops its thread and waits for the store's pending writes.
    ~ProfileRun() override;

    //! Opens the store (waits); false when it cannot be opened.
    bool open(int timeoutMs);
    //! Starts the engine: it resumes with a stored token, or waits for logIn().
    void start();
    //! Logs in on this (fresh) profile and waits for the first sync; false on timeout.
    bool logIn(const QString &username, const QString &password, int timeoutMs);
    //! Waits until the engine reported synced at pts >= `pts`; false on timeout.
    bool waitSynced(qint64 pts, int timeoutMs);
    //! Unread incoming messages of the chat as the store holds them, or nullopt.
    std::optional<int> unreadCount(qint64 chatId, int timeoutMs);
    //! The newest stored message text of the chat (to check the last message arrived).
    QString newestText(qint64 chatId, int timeoutMs);

    int syncs() const { return m_syncs; }
    qint64 syncedPts() const { return m_syncedPts; }

private:
    StoreKind m_kind;
    QString m_directory;
    storage::ProfileStore m_store;
    core::SyncEngine *m_engine = nullptr;
    QThread m_thread;
    qint64 m_userId = 0;
    int m_syncs = 0;
    qint64 m_syncedPts = 0;
    QString m_authError;
};

} // namespace msgr::bench
