#include "core/channels/channel_service.h"

#include "core/channels/channel_synchronisers.h"
#include "core/channels/channels_sync.h"
#include "core/comments/comment_count_stamps.h"
#include "core/comments/comment_counts.h"
#include "core/net/request_channel.h"
#include "core/sync/sync_writes.h"
#include "crypto/sodium.h"
#include "protocol/api/supergroups.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"

namespace msgr::core {

namespace api = protocol::api;

namespace {
const QString kOffline = QStringLiteral("OFFLINE");
const QString kOfflineMessage =
    QStringLiteral("not connected: channels need the server; try again when online");

template <typename T> ChannelOutcome refusal(const api::Reply<T> &reply) {
    ChannelOutcome outcome;
    outcome.code = reply.connectionLost ? kOffline : protocol::errorCodeName(reply.error.code);
    outcome.message = reply.connectionLost ? kOfflineMessage : reply.error.message;
    return outcome;
}
} // namespace

ChannelService::ChannelService(RequestChannel *link, storage::ProfileStore *store,
                               ChannelSynchronisers *followers, QObject *parent)
    : QObject(parent), m_link(link), m_store(store), m_followers(followers) {}

bool ChannelService::refuseOffline(const ChannelDone &done) const {
    if (m_link && m_link->isAuthorized())
        return false;
    done({kOffline, kOfflineMessage, {}, {}, false});
    return true;
}

void ChannelService::storeChannel(const api::Channel &channel, ChannelDone done) {
    const bool subscribed = channel.role.has_value();
    m_store->write(
        [channel, subscribed](storage::WriteTransaction &tx) {
            if (subscribed)
                ChannelsSync::store(tx, channel);
            else
                storage::ChannelsTable::remove(tx, channel.id);
        },
        this,
        [this, channel, subscribed, done = std::move(done)] {
            if (subscribed)
                m_followers->track(channel);
            else
                m_followers->untrack(channel.id);
            ChannelOutcome outcome;
            outcome.channels = {channel};
            done(outcome);
        });
}

template <typename Request>
void ChannelService::changeChannel(const Request &request, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(request, this, [this, done](const api::Reply<api::ChannelResult> &reply) {
        if (!reply.ok())
            return done(refusal(reply));
        storeChannel(reply.value->channel, done);
    });
}

void ChannelService::edit(qint64 channelId, const std::optional<QString> &title,
                          const std::optional<QString> &about, ChannelDone done) {
    api::EditChannel request;
    request.channelId = channelId;
    request.title = title;
    request.about = about;
    changeChannel(request, std::move(done));
}

void ChannelService::setRole(qint64 channelId, qint64 userId, bool admin, ChannelDone done) {
    changeChannel(
        api::SetChannelRole{channelId, userId,
                            admin ? api::ChannelRole::Admin : api::ChannelRole::Subscriber},
        std::move(done));
}

void ChannelService::addSubscribers(qint64 channelId, const QList<qint64> &userIds,
                                    ChannelDone done) {
    changeChannel(api::AddChannelSubscribers{channelId, userIds}, std::move(done));
}

void ChannelService::createSupergroup(const QString &title, const QList<qint64> &userIds,
                                      ChannelDone done) {
    changeChannel(api::CreateSupergroup{crypto::randomNonZeroInt63(), title, userIds},
                  std::move(done));
}

void ChannelService::removeSupergroupMember(qint64 chatId, qint64 userId, ChannelDone done) {
    changeChannel(api::RemoveSupergroupMember{chatId, userId}, std::move(done));
}

void ChannelService::upgradeGroup(qint64 groupId, ChannelDone done) {
    changeChannel(api::UpgradeGroup{groupId}, std::move(done));
}

void ChannelService::supergroupMembers(qint64 chatId, qint64 afterUserId, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::GetSupergroupMembers{chatId, afterUserId, api::kMaxSupergroupMembersPage},
                 this, [done](const api::Reply<api::SupergroupMembersResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     ChannelOutcome outcome;
                     outcome.members = reply.value->members;
                     outcome.complete = reply.value->final;
                     done(outcome);
                 });
}

void ChannelService::create(const QString &title, const QString &about, const QString &name,
                            ChannelDone done) {
    if (refuseOffline(done))
        return;
    api::CreateChannel request;
    request.randomId = crypto::randomNonZeroInt63();
    request.title = title;
    request.about = about;
    request.name = name;
    m_link->call(request, this, [this, done](const api::Reply<api::ChannelResult> &reply) {
        if (!reply.ok())
            return done(refusal(reply));
        storeChannel(reply.value->channel, done);
    });
}

void ChannelService::search(const QString &query, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::SearchChannels{query, api::kMaxChannelSearchLimit}, this,
                 [done](const api::Reply<api::ChannelsResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     ChannelOutcome outcome;
                     outcome.channels = reply.value->channels;
                     done(outcome);
                 });
}

void ChannelService::get(qint64 channelId, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::GetChannel{channelId}, this,
                 [done](const api::Reply<api::ChannelResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     ChannelOutcome outcome;
                     outcome.channels = {reply.value->channel};
                     done(outcome);
                 });
}

void ChannelService::subscribe(qint64 channelId, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::SubscribeChannel{channelId}, this,
                 [this, done](const api::Reply<api::ChannelResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     storeChannel(reply.value->channel, done);
                 });
}

void ChannelService::unsubscribe(qint64 channelId, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::UnsubscribeChannel{channelId}, this,
                 [this, done](const api::Reply<api::ChannelResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     storeChannel(reply.value->channel, done);
                 });
}

void ChannelService::setMuted(qint64 channelId, bool muted, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::SetChannelMuted{channelId, muted}, this,
                 [this, done](const api::Reply<api::ChannelResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     storeChannel(reply.value->channel, done);
                 });
}

void ChannelService::post(qint64 channelId, const QString &text, ChannelDone done) {
    if (refuseOffline(done))
        return;
    m_link->call(api::PostToChannel{channelId, crypto::randomNonZeroInt63(), text}, this,
                 [this, done](const api::Reply<api::SendResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     // Stored now, as the poster's own (not unread); the channel's log brings
                     // the same post again, found already stored.
                     const protocol::Message post = reply.value->message;
                     m_store->write(
                         [post](storage::WriteTransaction &tx) {
                             if (storage::ChannelsTable::load(tx, post.chatId))
                                 SyncWrites::storeMessage(tx, post, false);
                         },
                         this,
                         [post, done] {
                             ChannelOutcome outcome;
                             outcome.posts = {post};
                             done(outcome);
                         });
                 });
}

void ChannelService::history(qint64 channelId, qint64 beforeId, int limit, ChannelDone done) {
    if (refuseOffline(done))
        return;
    CommentCountStamps *stamps = m_followers->commentStamps();
    const CommentCountStamps::Stamp asked = stamps ? stamps->asked() : 0;
    m_link->call(api::GetChannelHistory{channelId, beforeId, limit}, this,
                 [this, channelId, done, asked](const api::Reply<api::MessagesResult> &reply) {
                     if (!reply.ok())
                         return done(refusal(reply));
                     ChannelOutcome outcome;
                     outcome.posts = reply.value->messages;
                     outcome.complete = reply.value->final.value_or(false);
                     QList<protocol::Message> counted = outcome.posts;
                     if (CommentCountStamps *now = m_followers->commentStamps())
                         now->dropOvertaken(counted, asked);
                     m_store->write(
                         [channelId, posts = counted](storage::WriteTransaction &tx) {
                             if (storage::ChannelsTable::load(tx, channelId))
                                 SyncWrites::storeHistoryPage(tx, channelId, posts, false);
                             CommentCounts::storePosts(tx, channelId, posts);
                         },
                         this, [outcome, done] { done(outcome); });
                 });
}

} // namespace msgr::core
