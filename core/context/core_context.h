#pragma once
//! What the models need from the rest of the core: the profile store, the sync engine (absent
//! in model tests), users' names and who "we" are. Owned by Session; tests build their own. GUI
//! thread.
#include "core/context/user_names.h"
#include "core/drafts/drafts.h"
#include "core/media/storage_usage.h"
#include "core/presence/presence.h"
#include "core/secret/secret_timers.h"
#include "core/typing/typing_indicators.h"

#include <QObject>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class AttachmentSender;
class MediaService;
class SyncEngine;

class CoreContext : public QObject {
    Q_OBJECT
    //! Who is typing where (docs/protocol.md §17), shared by the header and the chat list.
    Q_PROPERTY(msgr::core::TypingIndicators *typing READ typing CONSTANT)
    //! Each chat's draft (docs/protocol.md §17.2), shared by the composer and the chat list.
    Q_PROPERTY(msgr::core::Drafts *drafts READ drafts CONSTANT)
    //! Users' "online" / "last seen" (docs/protocol.md §17.3) and the user's last-seen privacy.
    Q_PROPERTY(msgr::core::Presence *presence READ presence CONSTANT)
    //! Settings > Storage: disk use and "Clear cache"; null where no media runs.
    Q_PROPERTY(msgr::core::StorageUsage *storage READ storage NOTIFY mediaChanged)
public:
    explicit CoreContext(storage::ProfileStore *store, QObject *parent = nullptr);

    storage::ProfileStore *store() const { return m_store; }
    //! Users' names, shared by every model.
    UserNames *userNames() { return &m_userNames; }
    TypingIndicators *typing() { return &m_typing; }
    Drafts *drafts() { return &m_drafts; }
    Presence *presence() { return &m_presence; }
    //! Null while no engine runs (model tests, before unlocking).
    SyncEngine *engine() const { return m_engine; }
    //! Also relays the engine's coming online as online().
    void setEngine(SyncEngine *engine);
    //! File transfers and sending files; null where none run (model tests without media).
    MediaService *media() const { return m_media; }
    AttachmentSender *attachmentSender() const { return m_attachmentSender; }
    StorageUsage *storage() const;
    //! Also lets self-destructing messages delete their files from the media cache.
    void setMedia(MediaService *media, AttachmentSender *sender);
    qint64 selfUserId() const { return m_selfUserId; }
    //! The "image://avatar" URL of this account's photo `fileId` (docs/protocol.md §24,
    //! core/photos/avatar_images.h); "" for none (the Avatar shows letters).
    Q_INVOKABLE QString photoUrl(const QString &fileId) const;
    void setSelfUserId(qint64 id) {
        if (m_selfUserId != id) {
            m_selfUserId = id;
            emit selfUserIdChanged();
        }
    }

    //! Stores the text as a pending message first, then hands it to the engine for sending.
    //! `stored`, if given, gets the pending row's local id once it is stored (the id that
    //! SyncEngine::messageSent and sendFailed name), on this thread, unless `receiver` (an
    //! object of this thread) was destroyed meanwhile. In a secret chat (a negative id) the
    //! text is encrypted and stored as sent by this device, then relayed; `stored` gets 0 when
    //! it cannot be encrypted (no such secret chat, a damaged state).
    //! `replyToId`: the server id of the chat's message this answers (docs/protocol.md §19);
    //! 0, and always in a secret chat: none.
    void sendText(qint64 chatId, const QString &text, QObject *receiver = nullptr,
                  std::function<void(qint64 localId)> stored = {}, qint64 replyToId = 0);
    //! The user retries a refused message: pending again in the store, then handed to the
    //! engine. Nothing happens for a message that is not failed, a too-long text, or a secret
    //! chat's message (its envelope is gone).
    void retryFailed(qint64 localId);
    //! Read up to maxId: stored locally, and sent to the server when an engine runs. In a
    //! secret chat the self-destruct timers of the messages read start, and a read notice
    //! goes to the peer inside the ratchet (core/secret/secret_writes.h).
    void markRead(qint64 chatId, qint64 maxId);
    //! Sets a secret chat's self-destruct timer (core/secret/secret_timer_values.h): stored,
    //! a service entry, relayed to the peer (SyncEngine::messageSent names the entry's local
    //! id). `done` gets that id, or 0 when it was refused (a changed key waiting for
    //! confirmation, a timer not allowed).
    void setSecretTimer(qint64 chatId, qint64 ttlMs, QObject *receiver,
                        std::function<void(qint64 localId)> done);
    //! Self-destructing messages: their purge at expiry (started with the engine).
    secret::SecretTimers *secretTimers() { return &m_secretTimers; }

signals:
    void selfUserIdChanged();
    //! The engine stored names of these users (queued after the write, so a read sees them).
    void usersUpdated();
    //! The server refused a pending message for good.
    void sendFailed(qint64 localId);
    //! The engine finished catching up with the server (models resume server paging).
    void online();
    void mediaChanged();

private:
    void sendSecretText(qint64 chatId, const QString &text, QObject *receiver,
                        std::function<void(qint64 localId)> stored);
    storage::ProfileStore *m_store;
    UserNames m_userNames;
    secret::SecretTimers m_secretTimers;
    SyncEngine *m_engine = nullptr;
    MediaService *m_media = nullptr;
    AttachmentSender *m_attachmentSender = nullptr;
    QMetaObject::Connection m_onlineRelay; // safe to disconnect after the engine died
    QMetaObject::Connection m_timersRelay;
    QMetaObject::Connection m_expiredFiles;
    QList<QMetaObject::Connection> m_typingRelays;
    QList<QMetaObject::Connection> m_presenceRelays;
    TypingIndicators m_typing;
    Drafts m_drafts;
    Presence m_presence;
    qint64 m_selfUserId = 0;
};

} // namespace msgr::core
