#include "core/directory/user_directory.h"

#include "core/net/request_channel.h"
#include "core/sync/sync_writes.h"
#include "protocol/api/users.h"
#include "protocol/limits.h"
#include "storage/profile_store.h"

namespace msgr::core {

UserDirectory::UserDirectory(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {
    // Our own display name.
    connect(m_channel, &RequestChannel::authorized, this, [this] { fetch({m_channel->userId()}); });
}

void UserDirectory::fetch(const QList<qint64> &ids) {
    if (!m_channel->isAuthorized())
        return; // asked again when they show up after the link is back
    QList<qint64> wanted;
    for (qint64 id : ids) {
        if (id > 0 && !m_requested.contains(id)) {
            m_requested.insert(id);
            wanted.append(id);
        }
    }
    for (qsizetype i = 0; i < wanted.size(); i += protocol::kMaxUsersGet) {
        const QList<qint64> chunk = wanted.mid(i, protocol::kMaxUsersGet);
        m_channel->call(
            api::GetUsers{chunk}, this, [this, chunk](const api::Reply<api::UsersResult> &reply) {
                if (!reply.ok()) {
                    for (qint64 id : chunk)
                        m_requested.remove(id);
                    return;
                }
                m_store->write([users = reply.value->users](storage::WriteTransaction &tx) {
                    SyncWrites::storeUsers(tx, users);
                });
                emit usersStored();
            });
    }
}

void UserDirectory::fetchMentioned(const QList<protocol::LoggedUpdate> &updates) {
    QList<qint64> users;
    for (const protocol::LoggedUpdate &u : updates) {
        if (const auto *m = std::get_if<protocol::NewMessageUpdate>(&u.update))
            users.append(m->message.senderId);
        else if (const auto *c = std::get_if<protocol::NewChatUpdate>(&u.update))
            users += c->chat.memberIds;
        else if (const auto *g = std::get_if<protocol::ChatChangedUpdate>(&u.update))
            users += g->chat.memberIds; // members added to a group
    }
    fetch(users);
}

void UserDirectory::search(int tag, const QString &query) {
    if (!m_channel->isAuthorized()) {
        emit usersFound(tag, {});
        return;
    }
    m_channel->call(api::SearchUsers{query.left(protocol::kMaxUsernameChars), kSearchLimit}, this,
                    [this, tag](const api::Reply<api::UsersResult> &reply) {
                        emit usersFound(tag,
                                        reply.ok() ? reply.value->users : QList<protocol::User>{});
                    });
}

} // namespace msgr::core
