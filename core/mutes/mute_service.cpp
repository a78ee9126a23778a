#include "core/mutes/mute_service.h"

#include "protocol/api/mutes.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/mutes_table.h"

#include <QDateTime>

namespace msgr::core {

namespace {
const QString kOffline = QStringLiteral("OFFLINE");
const QString kOfflineMessage =
    QStringLiteral("not connected: muting needs the server; try again when online");
} // namespace

MuteService::MuteService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    connect(channel, &RequestChannel::authorized, this, &MuteService::refresh);
}

void MuteService::setMuted(qint64 chatId, bool muted, qint64 forSeconds) {
    if (storage::isSecretChatId(chatId)) {
        // The server does not know secret chats; their mute is this device's own.
        const qint64 until = !muted ? 0
                             : forSeconds > 0
                                 ? QDateTime::currentMSecsSinceEpoch() + forSeconds * 1000
                                 : api::kMutedForever;
        store(chatId, until);
        return;
    }
    if (!m_channel || !m_channel->isAuthorized()) {
        emit muteRefused(chatId, muted, kOffline, kOfflineMessage);
        return;
    }
    m_channel->call(
        api::SetChatMuted{chatId, muted, muted ? forSeconds : 0}, this,
        [this, chatId, muted](const api::Reply<api::ChatMuteResult> &reply) {
            if (reply.ok()) {
                store(reply.value->mute.chatId, reply.value->mute.mutedUntil);
                return;
            }
            // A lost link may or may not have applied it; the chatMuted update or the next
            // refresh() brings the real state either way.
            const QString code =
                reply.connectionLost ? kOffline : protocol::errorCodeName(reply.error.code);
            emit muteRefused(chatId, muted, code,
                             reply.connectionLost ? kOfflineMessage : reply.error.message);
        });
}

void MuteService::store(qint64 chatId, qint64 mutedUntil) {
    m_store->write(
        [chatId, mutedUntil](storage::WriteTransaction &tx) {
            storage::MutesTable::set(tx, chatId, mutedUntil);
        },
        this, [this, chatId, mutedUntil] { emit muteStored(chatId, mutedUntil); });
}

void MuteService::refresh() {
    if (!m_channel || !m_channel->isAuthorized())
        return;
    // A failure keeps the stored mutes; the next authorized() or chatMuted update fixes them.
    m_channel->call(api::ListMutedChats{}, this,
                    [this](const api::Reply<api::MutedChatsResult> &reply) {
                        if (!reply.ok())
                            return;
                        QHash<qint64, qint64> mutes;
                        for (const api::ChatMute &m : reply.value->chats)
                            mutes.insert(m.chatId, m.mutedUntil);
                        m_store->write([mutes](storage::WriteTransaction &tx) {
                            storage::MutesTable::replace(tx, mutes);
                        });
                    });
}

} // namespace msgr::core
