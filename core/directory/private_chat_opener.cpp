#include "core/directory/private_chat_opener.h"

#include "core/directory/user_directory.h"
#include "core/net/request_channel.h"
#include "core/sync/log_synchroniser.h"
#include "protocol/api/chats.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"

namespace msgr::core {

PrivateChatOpener::PrivateChatOpener(RequestChannel *channel, storage::ProfileStore *store,
                                     LogSynchroniser *accountLog, UserDirectory *users,
                                     QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store), m_accountLog(accountLog),
      m_users(users) {}

void PrivateChatOpener::open(qint64 userId) {
    if (!m_channel->isAuthorized())
        return;
    m_channel->call(api::OpenPrivateChat{userId}, this,
                    [this](const api::Reply<api::ChatResult> &reply) {
                        if (!reply.ok())
                            return;
                        const qint64 chatId = reply.value->chat.id;
                        m_users->fetch(reply.value->chat.memberIds);
                        m_store->read(
                            [chatId](storage::ReadTransaction &tx) {
                                return storage::ChatsTable::load(tx, chatId);
                            },
                            this,
                            [this, chatId](const std::optional<storage::ChatRecord> &chat) {
                                if (chat) {
                                    emit opened(chatId);
                                } else {
                                    m_awaitedChat = chatId;
                                    m_accountLog->startDifference();
                                }
                            });
                    });
}

void PrivateChatOpener::noteApplied(const QList<protocol::LoggedUpdate> &updates) {
    if (m_awaitedChat == 0)
        return;
    for (const protocol::LoggedUpdate &u : updates) {
        const auto *c = std::get_if<protocol::NewChatUpdate>(&u.update);
        if (c && c->chat.id == m_awaitedChat) {
            m_awaitedChat = 0;
            emit opened(c->chat.id);
            return;
        }
    }
}

} // namespace msgr::core
