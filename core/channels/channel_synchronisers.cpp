#include "core/channels/channel_synchronisers.h"

#include "core/channels/channel_log.h"
#include "core/channels/channels_sync.h"
#include "core/comments/comment_count_stamps.h"
#include "core/comments/comment_counts.h"
#include "core/net/request_channel.h"
#include "core/sync/log_synchroniser.h"
#include "core/sync/sync_writes.h"
#include "protocol/api/channel_subscribers.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"

#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcChannels, "msgr.core.channels")

namespace msgr::core {

namespace api = protocol::api;

ChannelSynchronisers::ChannelSynchronisers(RequestChannel *link, storage::ProfileStore *store,
                                           QObject *parent)
    : QObject(parent), m_link(link), m_store(store) {
    connect(link, &RequestChannel::authorized, this, &ChannelSynchronisers::onAuthorized);
    connect(link, &RequestChannel::unauthorized, this, &ChannelSynchronisers::onUnauthorized);
}

bool ChannelSynchronisers::offer(const protocol::UpdateFrame &frame) {
    if (frame.pts != 0)
        return false;
    const QString type = frame.update.value(QLatin1StringView("type")).toString();
    if (type == protocol::ChannelSubscribersPush::type) {
        offerSubscribers(frame);
        return true;
    }
    if (type != protocol::ChannelUpdatePush::type)
        return false;
    QString why;
    const std::optional<protocol::ChannelUpdatePush> push =
        protocol::ChannelUpdatePush::fromCbor(frame.update, &why);
    if (!push || push->pts <= 0) {
        qCWarning(lcChannels) << "malformed channel update dropped:" << why;
        return true;
    }
    const auto it = m_channels.constFind(push->channelId);
    if (it == m_channels.cend())
        return true; // not followed (yet): a subscription being stored brings its log
    it->sync->offer(protocol::UpdateFrame{push->pts, push->update});
    return true;
}

void ChannelSynchronisers::offerSubscribers(const protocol::UpdateFrame &frame) {
    QString why;
    const std::optional<protocol::ChannelSubscribersPush> push =
        protocol::ChannelSubscribersPush::fromCbor(frame.update, &why);
    if (!push) {
        qCWarning(lcChannels) << "malformed channelSubscribers push dropped:" << why;
        return;
    }
    const protocol::ChannelSubscribersPush p = *push;
    m_store->write([p](storage::WriteTransaction &tx) {
        storage::ChannelsTable::storeSubscriberCount(tx, p.channelId, p.subscriberCount);
    });
}

void ChannelSynchronisers::noteAccountApplied(const QList<protocol::LoggedUpdate> &updates) {
    for (const protocol::LoggedUpdate &logged : updates) {
        const auto *sub = std::get_if<protocol::ChannelSubscriptionUpdate>(&logged.update);
        if (!sub)
            continue;
        if (sub->channel.role)
            track(sub->channel);
        else
            untrack(sub->channel.id);
    }
}

void ChannelSynchronisers::track(const api::Channel &channel) {
    const qint64 id = channel.id;
    auto it = m_channels.find(id);
    if (it == m_channels.end()) {
        Follower follower;
        follower.log = new ChannelLog(id, m_link, m_store, this);
        follower.log->setCommentStamps(m_commentStamps);
        follower.sync = new LogSynchroniser(follower.log, this);
        connect(follower.sync, &LogSynchroniser::synced, this,
                [this, id](qint64 pts) { emit channelSynced(id, pts); });
        connect(follower.sync, &LogSynchroniser::applied, this,
                [this, id](const QList<protocol::LoggedUpdate> &updates) {
                    emit channelApplied(id, updates);
                });
        connect(follower.sync, &LogSynchroniser::stalled, this, [id] {
            qCInfo(lcChannels) << "channel" << id << "not reloaded: retried when next online";
        });
        follower.sync->start();
        it = m_channels.insert(id, follower);
    }
    if (m_link->isAuthorized())
        it->sync->resumeAt(channel.pts);
}

void ChannelSynchronisers::untrack(qint64 channelId) {
    const Follower follower = m_channels.take(channelId);
    if (!follower.sync)
        return;
    follower.sync->onUnauthorized(); // callbacks in flight stop at their next step
    follower.sync->deleteLater();
    follower.log->deleteLater();
}

qint64 ChannelSynchronisers::position(qint64 channelId) const {
    const auto it = m_channels.constFind(channelId);
    return it == m_channels.cend() ? -1 : it->sync->position();
}

void ChannelSynchronisers::onAuthorized() {
    listPage(0, {}, ++m_generation);
}

void ChannelSynchronisers::onUnauthorized() {
    ++m_generation;
    for (const Follower &follower : std::as_const(m_channels))
        follower.sync->onUnauthorized();
}

void ChannelSynchronisers::listPage(qint64 afterId, QList<api::Channel> soFar, quint64 generation) {
    m_link->call(api::ListChannels{afterId, api::kMaxChannelListPage}, this,
                 [this, soFar = std::move(soFar),
                  generation](const api::Reply<api::ChannelsResult> &reply) mutable {
                     if (generation != m_generation)
                         return;
                     if (!reply.ok()) {
                         if (!reply.connectionLost)
                             qCWarning(lcChannels) << "channels.list:" << reply.error.message;
                         return; // the next authorization lists them again
                     }
                     soFar += reply.value->channels;
                     if (!reply.value->final && !reply.value->channels.isEmpty())
                         listPage(reply.value->channels.last().id, std::move(soFar), generation);
                     else
                         storeListed(soFar, generation);
                 });
}

void ChannelSynchronisers::storeListed(const QList<api::Channel> &channels, quint64 generation) {
    QSet<qint64> listed;
    for (const api::Channel &c : channels)
        listed.insert(c.id);
    m_store->write(
        [channels, listed](storage::WriteTransaction &tx) {
            for (const storage::ChannelRecord &row : storage::ChannelsTable::loadAll(tx))
                if (!listed.contains(row.chatId))
                    storage::ChannelsTable::remove(tx, row.chatId); // left on another device
            for (const api::Channel &c : channels)
                ChannelsSync::store(tx, c);
        },
        this,
        [this, channels, listed, generation] {
            if (generation != m_generation)
                return;
            const QList<qint64> followed = m_channels.keys();
            for (const qint64 id : followed)
                if (!listed.contains(id))
                    untrack(id);
            for (const api::Channel &c : channels)
                track(c);
            emit channelsListed(channels);
        });
}

void ChannelSynchronisers::setCommentStamps(CommentCountStamps *stamps) {
    m_commentStamps = stamps;
    for (const Follower &follower : std::as_const(m_channels))
        follower.log->setCommentStamps(stamps);
}

void ChannelSynchronisers::fetchHistory(qint64 channelId, qint64 beforeId,
                                        std::function<void(bool stored)> done) {
    if (!m_link->isAuthorized()) {
        done(false);
        return;
    }
    const CommentCountStamps::Stamp asked = m_commentStamps ? m_commentStamps->asked() : 0;
    m_link->call(api::GetChannelHistory{channelId, beforeId, ChannelLog::kReloadPosts}, this,
                 [this, channelId, done, asked](const api::Reply<api::MessagesResult> &reply) {
                     if (!reply.ok()) {
                         done(false);
                         return;
                     }
                     QList<protocol::Message> posts = reply.value->messages;
                     if (m_commentStamps)
                         m_commentStamps->dropOvertaken(posts, asked);
                     const bool complete = reply.value->final.value_or(false);
                     m_store->write(
                         [channelId, posts, complete](storage::WriteTransaction &tx) {
                             SyncWrites::storeHistoryPage(tx, channelId, posts, complete);
                             CommentCounts::storePosts(tx, channelId, posts);
                         },
                         this, [done] { done(true); });
                 });
}

} // namespace msgr::core
