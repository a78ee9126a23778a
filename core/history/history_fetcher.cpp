#include "core/history/history_fetcher.h"

#include "core/directory/user_directory.h"
#include "core/net/request_channel.h"
#include "core/receipts/delivery_receipts.h"
#include "core/sync/sync_writes.h"
#include "protocol/api/messages.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcHistory, "msgr.core.history")

namespace msgr::core {
namespace {

QList<qint64> sendersOf(const QList<protocol::Message> &messages) {
    QList<qint64> senders;
    senders.reserve(messages.size());
    for (const protocol::Message &m : messages)
        senders.append(m.senderId);
    return senders;
}

} // namespace

HistoryFetcher::HistoryFetcher(RequestChannel *channel, storage::ProfileStore *store,
                               DeliveryReceipts *receipts, UserDirectory *users, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store), m_receipts(receipts), m_users(users) {}

void HistoryFetcher::fetchPage(qint64 chatId, qint64 beforeId,
                               std::function<void(bool stored)> done) {
    if (!m_channel->isAuthorized() || storage::isSecretChatId(chatId)) { // none on the server

        done(false);
        return;
    }
    m_channel->call(api::GetHistory{chatId, beforeId, kPageLimit}, this,
                    [this, chatId, beforeId,
                     done = std::move(done)](const api::Reply<api::MessagesResult> &reply) {
                        if (!reply.ok()) {
                            if (!reply.connectionLost)
                                qCWarning(lcHistory)
                                    << "history of chat" << chatId
                                    << "refused:" << protocol::errorCodeName(reply.error.code)
                                    << reply.error.message;
                            done(false);
                            return;
                        }
                        const QList<protocol::Message> page = reply.value->messages;
                        // A page can be cut short by the 1 MiB frame cap: the server's `final` says
                        // whether older messages remain (a short page alone does not).
                        const bool complete = reply.value->final.value_or(page.size() < kPageLimit);
                        m_users->fetch(sendersOf(page));
                        m_store->write(
                            [chatId, page, complete](storage::WriteTransaction &tx) {
                                SyncWrites::storeHistoryPage(tx, chatId, page, complete);
                            },
                            this,
                            [this, chatId, beforeId, page, done] {
                                // The newest page of a chat the reload skipped is stored here now.
                                if (beforeId == 0)
                                    m_receipts->noteStored(chatId, page);
                                done(true);
                            });
                    });
}

void HistoryFetcher::fetchRecent(const QList<protocol::ChatSummary> &chats) {
    for (qsizetype i = 0; i < chats.size() && i < kRecentChats; ++i) {
        const qint64 chatId = chats[i].chat.id;
        m_channel->call(
            api::GetHistory{chatId, 0, kRecentLimit}, this,
            [this, chatId](const api::Reply<api::MessagesResult> &reply) {
                if (!reply.ok() || reply.value->messages.isEmpty())
                    return;
                const QList<protocol::Message> messages = reply.value->messages;
                m_users->fetch(sendersOf(messages));
                m_store->write(
                    [chatId, messages](storage::WriteTransaction &tx) {
                        SyncWrites::storeHistoryPage(tx, chatId, messages, false);
                    },
                    this, [this, chatId, messages] { m_receipts->noteStored(chatId, messages); });
            });
    }
}

} // namespace msgr::core
