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
        done(GroupOutcome::refused(kOffline, offlineMessage()));
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
            done(GroupOutcome::refused(kOffline, offlineMessage()));
        else
            done(GroupOutcome::refused(protocol::errorCodeName(reply.error.code),
                                       reply.error.message, reply.error.retryAfterMs));
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

void GroupService::query(const GroupQuery &query, AnswerDone done) {
    if (!m_channel || !m_channel->isAuthorized()) {
        done(GroupAnswer::refused(kOffline, offlineMessage()));
        return;
    }
    std::visit([this, &done](const auto &r) { ask(r, std::move(done)); }, query);
}

template <typename Request> void GroupService::ask(const Request &request, AnswerDone done) {
    using Result = typename Request::Result;
    m_channel->call(request, this, [this, done](const api::Reply<Result> &reply) {
        GroupAnswer answer;
        if (reply.ok()) {
            answered(*reply.value, answer);
        } else if (reply.connectionLost) {
            // Export and revoke may or may not have applied; a retry does the same again.
            answer.code = kOffline;
            answer.message = offlineMessage();
        } else {
            answer.code = protocol::errorCodeName(reply.error.code);
            answer.message = reply.error.message;
            answer.retryAfterMs = reply.error.retryAfterMs;
        }
        done(answer);
    });
}

void GroupService::answered(const api::InviteLinkResult &result, GroupAnswer &answer) const {
    answer.token = result.token;
}

void GroupService::answered(const api::Empty & /*result*/, GroupAnswer & /*answer*/) const {}

void GroupService::answered(const api::InvitePreview &result, GroupAnswer &answer) const {
    answer.preview = result;
}

void GroupService::answered(const api::ReadersResult &result, GroupAnswer &answer) const {
    QList<qint64> ids;
    ids.reserve(result.readers.size());
    for (const api::MessageReader &r : result.readers)
        ids.append(r.userId);
    m_users->fetch(ids); // names for the list; usersUpdated follows for those not stored
    answer.readers = result.readers;
}

} // namespace msgr::core
