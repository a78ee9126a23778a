#include "core/pins/pin_service.h"

#include "protocol/api/pins.h"
#include "storage/profile_store.h"
#include "storage/tables/pins_table.h"

namespace msgr::core {

namespace {
const QString kOffline = QStringLiteral("OFFLINE");
const QString kOfflineMessage =
    QStringLiteral("not connected: pinning needs the server; try again when online");
} // namespace

PinService::PinService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    connect(channel, &RequestChannel::authorized, this, &PinService::refresh);
}

void PinService::setPinned(qint64 chatId, bool pinned) {
    if (!m_channel || !m_channel->isAuthorized()) {
        emit pinRefused(chatId, pinned, kOffline, kOfflineMessage);
        return;
    }
    m_channel->call(
        api::SetChatPinned{chatId, pinned}, this,
        [this, chatId, pinned](const api::Reply<api::PinnedChatsResult> &reply) {
            if (reply.ok()) {
                store(reply.value->chatIds);
                return;
            }
            // A lost link may or may not have applied it; the pinnedChats update
            // or the next refresh() brings the real order either way.
            const QString code =
                reply.connectionLost ? kOffline : protocol::errorCodeName(reply.error.code);
            emit pinRefused(chatId, pinned, code,
                            reply.connectionLost ? kOfflineMessage : reply.error.message);
        });
}

void PinService::refresh() {
    if (!m_channel || !m_channel->isAuthorized())
        return;
    // A failure keeps the stored order; the next authorized() or pinnedChats update fixes it.
    m_channel->call(api::ListPinnedChats{}, this,
                    [this](const api::Reply<api::PinnedChatsResult> &reply) {
                        if (reply.ok())
                            store(reply.value->chatIds);
                    });
}

void PinService::store(const QList<qint64> &chatIds) {
    m_store->write(
        [chatIds](storage::WriteTransaction &tx) { storage::PinsTable::replace(tx, chatIds); },
        this, [this, chatIds] { emit pinsStored(chatIds); });
}

} // namespace msgr::core
