#include "core/groups/group_service.h"

#include "core/directory/user_directory.h"
#include "core/sync/record_mapping.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"

namespace msgr::core {

namespace {
const QString kOffline = QStringLiteral("OFFLINE");
} // namespace

GroupService::GroupService(RequestChannel *channel, storage::ProfileStore *store,
                           UserDirectory *users, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store), m_users(users) {}

QString GroupService::offlineMessage() {
    return QStringLiteral("not connected: changing a group needs the server; try again when "
                          "online");
}

void GroupService::run(const GroupRequest &request, Done done) {
    if (!m_channel || !m_channel->isAuthorized()) {
        done({0, kOffline, offlineMessage()});
        return;
    }
    std::visit([this, &done](const auto &r) { send(r, std::move(done)); }, request);
}

template <typename Request> void GroupService::send(const Request &request, Done done) {
    m_channel->call(request, this, [this, done](const api::Reply<api::ChatResult> &reply) {
        if (reply.ok()) {
            stored(*reply.value, done);
            return;
        }
        // A lost link may or may not have applied it; the chatChanged update (or its absence)
        // tells, and a retry changes nothing twice (docs/protocol.md §5 Groups).
        if (reply.connectionLost)
            done({0, kOffline, offlineMessage()});
        else
            done({0, protocol::errorCodeName(reply.error.code), reply.error.message});
    });
}

void GroupService::stored(const api::ChatResult &result, Done done) {
    const protocol::Chat chat = result.chat;
    m_users->fetch(chat.memberIds);
    m_store->write([info = toChatInfo(chat)](
                       storage::WriteTransaction &tx) { storage::ChatsTable::store(tx, info); },
                   this,
                   [done, id = chat.id] {
                       done({id, {}, {}});
                   });
}

} // namespace msgr::core
