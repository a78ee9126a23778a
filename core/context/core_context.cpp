#include "core/context/core_context.h"

#include "core/engine/sync_engine.h"
#include "core/media/media_service.h"
#include "core/photos/avatar_images.h"
#include "core/secret/secret_writes.h"
#include "core/sync/sync_writes.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/messages_table.h"

#include <QDateTime>
#include <QPointer>
#include <QQmlEngine>

namespace msgr::core {

CoreContext::CoreContext(storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_store(store), m_userNames(store), m_secretTimers(store), m_drafts(store) {
    // Names the engine stored: the cache re-reads those it is missing.
    connect(this, &CoreContext::usersUpdated, &m_userNames, &UserNames::refresh);
    m_typing.setNameOf([this](qint64 userId) { return m_userNames.name(userId); });
    m_typing.setSender([this](qint64 chatId, bool typing) {
        if (m_engine)
            m_engine->setTyping(chatId, typing);
    });
    m_presence.setFetcher([this](const QList<qint64> &userIds) {
        if (m_engine)
            m_engine->fetchPresence(userIds);
    });
    m_presence.setPresentSender([this](bool online) {
        if (m_engine)
            m_engine->setPresent(online);
    });
    m_presence.setPrivacySender([this](const QString &privacyName) {
        if (m_engine)
            m_engine->lastSeenPrivacy(m_selfUserId, privacyName);
        else if (!privacyName.isEmpty())
            m_presence.notePrivacyRefused(QStringLiteral("OFFLINE"));
    });
    m_drafts.setSender([this] {
        if (m_engine)
            m_engine->flushDrafts();
    });
}

void CoreContext::setEngine(SyncEngine *engine) {
    disconnect(m_onlineRelay);
    disconnect(m_timersRelay);
    for (const QMetaObject::Connection &c : std::as_const(m_typingRelays))
        disconnect(c);
    m_typingRelays.clear();
    m_typing.clearAll(); // another engine (or none): nothing shown is current
    for (const QMetaObject::Connection &c : std::as_const(m_presenceRelays))
        disconnect(c);
    m_presenceRelays.clear();
    m_presence.clearAll();
    m_engine = engine;
    if (engine) {
        m_typingRelays = {
            connect(engine, &SyncEngine::peerTyping, &m_typing, &TypingIndicators::notePeerTyping),
            connect(engine, &SyncEngine::typingLost, &m_typing, &TypingIndicators::clearAll)};
        m_presenceRelays = {
            connect(engine, &SyncEngine::userStatus, &m_presence, &Presence::noteStatus),
            connect(engine, &SyncEngine::presenceLost, &m_presence, &Presence::clearAll),
            connect(engine, &SyncEngine::presenceLinked, &m_presence, &Presence::refetch),
            connect(engine, &SyncEngine::lastSeenPrivacyLoaded, &m_presence,
                    &Presence::notePrivacy),
            connect(engine, &SyncEngine::lastSeenPrivacyRefused, &m_presence,
                    &Presence::notePrivacyRefused)};
        m_onlineRelay =
            connect(engine, &SyncEngine::connectionChanged, this, [this](SyncEngine::Connection c) {
                if (c == SyncEngine::Connection::Online)
                    emit online();
            });
        m_timersRelay = connect(engine, &SyncEngine::secretTimersStarted, &m_secretTimers,
                                &secret::SecretTimers::reschedule);
        // The profile is open: purge what expired while the app was closed, arm the rest.
        m_secretTimers.start();
        m_drafts.reload();
    }
}

void CoreContext::sendText(qint64 chatId, const QString &text, QObject *receiver,
                           std::function<void(qint64 localId)> stored, qint64 replyToId) {
    if (storage::isSecretChatId(chatId)) {
        sendSecretText(chatId, text, receiver, std::move(stored));
        return;
    }
    // The randomId is chosen once, here, and stored with the pending row: every retry (after a
    // reconnect or an app restart) reuses it, so the server stores the message exactly once.
    const qint64 randomId = crypto::randomNonZeroInt63();
    QPointer<SyncEngine> engine = m_engine;
    m_store->writeReturning(
        [chatId, self = m_selfUserId, text, randomId, replyToId,
         date = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            return SyncWrites::enqueueOutgoing(tx, chatId, self, text, randomId, date, {},
                                               replyToId);
        },
        this,
        [engine, receiver = QPointer<QObject>(receiver), hasReceiver = receiver != nullptr,
         stored = std::move(stored)](const storage::MessageRecord &record) {
            if (engine)
                engine->sendPending(record);
            if (stored && (!hasReceiver || receiver))
                stored(record.localId);
        });
}

void CoreContext::retryFailed(qint64 localId) {
    QPointer<SyncEngine> engine = m_engine;
    m_store->writeReturning(
        [localId](storage::WriteTransaction &tx) -> std::optional<storage::MessageRecord> {
            const auto message = storage::MessagesTable::load(tx, localId);
            if (!message || storage::isSecretChatId(message->chatId) ||
                message->failure == storage::SendFailure::TooLong)
                return std::nullopt;
            return storage::MessagesTable::clearFailed(tx, localId);
        },
        this,
        [engine](const std::optional<storage::MessageRecord> &message) {
            if (message && engine)
                engine->retryFailed(*message);
        });
}

StorageUsage *CoreContext::storage() const {
    return m_media ? m_media->storage() : nullptr;
}

void CoreContext::setMedia(MediaService *media, AttachmentSender *sender) {
    const bool changed = m_media != media;
    m_media = media;
    m_attachmentSender = sender;
    disconnect(m_expiredFiles);
    m_secretTimers.setMediaCacheDir(media ? media->cacheDir() : QString());
    if (media)
        // A download still holding an expired file lets go of it (and of its cache file).
        m_expiredFiles = connect(&m_secretTimers, &secret::SecretTimers::filesExpired, media,
                                 [media](const QStringList &fileIds) {
                                     for (const QString &fileId : fileIds)
                                         media->cancelDownload(fileId);
                                 });
    if (changed)
        emit mediaChanged();
}

void CoreContext::sendSecretText(qint64 chatId, const QString &text, QObject *receiver,
                                 std::function<void(qint64 localId)> stored) {
    // Encrypted inside the job that stores the advanced ratchet state, the message and the
    // envelope (core/secret/secret_writes.h); the engine relays the envelope after that commit,
    // or after the next start if it is not running now.
    QPointer<SyncEngine> engine = m_engine;
    m_store->writeReturning(
        [chatId, text, now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            return secret::encryptText(tx, chatId, text, now);
        },
        this,
        [engine, receiver = QPointer<QObject>(receiver), hasReceiver = receiver != nullptr,
         stored = std::move(stored)](const secret::OutgoingText &out) {
            if (out.message.localId && engine)
                engine->relaySecret(out.envelope);
            if (stored && (!hasReceiver || receiver))
                stored(out.message.localId);
        });
}

void CoreContext::markRead(qint64 chatId, qint64 maxId) {
    if (storage::isSecretChatId(chatId)) {
        // Never sent to the server: the read mark stays here; timers start, the peer is told.
        QPointer<SyncEngine> engine = m_engine;
        m_store->writeReturning(
            [chatId, maxId, now = QDateTime::currentMSecsSinceEpoch()](
                storage::WriteTransaction &tx) { return secret::markRead(tx, chatId, maxId, now); },
            this,
            [this, engine](const secret::ReadResult &read) {
                if (read.notice.id && engine)
                    engine->relaySecret(read.notice);
                if (read.timersStarted)
                    m_secretTimers.reschedule();
            });
        return;
    }
    if (m_engine)
        m_engine->markRead(chatId, maxId); // stores it locally too
    else
        m_store->write([chatId, maxId](storage::WriteTransaction &tx) {
            storage::ChatsTable::raiseReadInbox(tx, chatId, maxId);
        });
}

void CoreContext::setSecretTimer(qint64 chatId, qint64 ttlMs, QObject *receiver,
                                 std::function<void(qint64 localId)> done) {
    QPointer<SyncEngine> engine = m_engine;
    m_store->writeReturning(
        [chatId, ttlMs, now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
            return secret::setTimer(tx, chatId, ttlMs, now);
        },
        this,
        [engine, receiver = QPointer<QObject>(receiver), hasReceiver = receiver != nullptr,
         done = std::move(done)](const secret::OutgoingText &out) {
            if (out.message.localId && engine)
                engine->relaySecret(out.envelope);
            if (done && (!hasReceiver || receiver))
                done(out.message.localId);
        });
}

QString CoreContext::photoUrl(const QString &fileId) const {
    // QML asks: the engine that asks gets the provider (the app installs it up front too).
    AvatarImages::installInto(qobject_cast<QQmlEngine *>(qjsEngine(this)));
    return AvatarImages::urlOf(m_store, m_media, fileId);
}

} // namespace msgr::core
