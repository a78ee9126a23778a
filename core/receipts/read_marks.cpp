#include "core/receipts/read_marks.h"

#include "core/net/request_channel.h"
#include "core/net/retry_policy.h"
#include "protocol/api/messages.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/sync_state_table.h"

namespace msgr::core {

ReadMarks::ReadMarks(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    connect(m_channel, &RequestChannel::authorized, this, &ReadMarks::flush);
}

void ReadMarks::start() {
    m_store->read(
        [](storage::ReadTransaction &tx) { return storage::SyncStateTable::pendingReads(tx); },
        this,
        [this](const QHash<qint64, qint64> &reads) {
            for (auto it = reads.cbegin(); it != reads.cend(); ++it) {
                qint64 &stored = m_pending[it.key()];
                stored = qMax(stored, it.value());
            }
            flush();
        });
}

void ReadMarks::markRead(qint64 chatId, qint64 maxId) {
    if (storage::isSecretChatId(chatId)) { // on this device only: the server knows no such chat
        m_store->write([chatId, maxId](storage::WriteTransaction &tx) {
            storage::ChatsTable::raiseReadInbox(tx, chatId, maxId);
        });
        return;
    }
    m_store->write([chatId, maxId](storage::WriteTransaction &tx) {
        storage::ChatsTable::raiseReadInbox(tx, chatId, maxId);
        storage::SyncStateTable::raisePendingRead(tx, chatId, maxId);
    });
    qint64 &stored = m_pending[chatId];
    stored = qMax(stored, maxId);
    flush();
}

void ReadMarks::flush() {
    if (!m_channel->isAuthorized())
        return;
    const QHash<qint64, qint64> reads = m_pending;
    for (auto it = reads.cbegin(); it != reads.cend(); ++it) {
        const qint64 chatId = it.key();
        const qint64 maxId = it.value();
        m_channel->call(api::MarkRead{chatId, maxId}, this,
                        [this, chatId, maxId](const api::Reply<api::PtsResult> &reply) {
                            if (reply.connectionLost)
                                return; // sent again after reconnecting
                            if (!reply.ok() && isRetryable(reply.error.code))
                                return; // stays pending: the next flush sends it
                            // Acknowledged, or refused for good (e.g. the chat is gone).
                            m_store->write([chatId, maxId](storage::WriteTransaction &tx) {
                                storage::SyncStateTable::clearPendingRead(tx, chatId, maxId);
                            });
                            if (m_pending.value(chatId) == maxId)
                                m_pending.remove(chatId);
                        });
    }
}

} // namespace msgr::core
