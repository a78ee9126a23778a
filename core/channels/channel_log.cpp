#include "core/channels/channel_log.h"

#include "core/channels/channels_sync.h"
#include "core/comments/comment_count_stamps.h"
#include "core/comments/comment_counts.h"
#include "core/net/request_channel.h"
#include "core/sync/sync_writes.h"
#include "protocol/api/channels.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcChannelLog, "msgr.core.channels")

namespace msgr::core {

namespace api = protocol::api;

ChannelLog::ChannelLog(qint64 channelId, RequestChannel *link, storage::ProfileStore *store,
                       QObject *parent)
    : QObject(parent), m_channelId(channelId), m_link(link), m_store(store) {}

void ChannelLog::loadPosition(QObject *context, std::function<void(qint64 pts)> done) {
    m_store->read(
        [id = m_channelId](storage::ReadTransaction &tx) {
            const auto row = storage::ChannelsTable::load(tx, id);
            return row ? row->pts : qint64(0);
        },
        context, std::move(done));
}

void ChannelLog::fetchDifference(
    qint64 fromPts, QObject *context,
    std::function<void(const api::Reply<api::DifferenceResult> &)> done) {
    if (fromPts == 0) {
        // Nothing of the channel stored: its newest posts, not its whole log (up to 10,000).
        api::Reply<api::DifferenceResult> reload;
        reload.value = api::DifferenceResult{};
        reload.value->tooLong = true;
        QMetaObject::invokeMethod(
            context, [done = std::move(done), reload] { done(reload); }, Qt::QueuedConnection);
        return;
    }
    const CommentCountStamps::Stamp asked = m_commentStamps ? m_commentStamps->asked() : 0;
    m_link->call(api::GetChannelDifference{m_channelId, fromPts, api::kMaxChannelDifferenceLimit},
                 context,
                 [stamps = m_commentStamps, id = m_channelId, asked,
                  done = std::move(done)](const api::Reply<api::DifferenceResult> &r) {
                     if (!stamps || !r.ok())
                         return done(r);
                     api::Reply<api::DifferenceResult> fresh = r;
                     stamps->dropOvertaken(id, fresh.value->updates, asked);
                     done(fresh);
                 });
}

void ChannelLog::reload(QObject *context, std::function<void(std::optional<qint64> pts)> done) {
    // The channel's pts first, then the newest posts: the page holds every post up to that pts
    // at least, and the difference from it brings the rest (a post in both is stored once).
    QPointer<QObject> receiver(context);
    m_link->call(api::GetChannel{m_channelId}, this,
                 [this, receiver, done = std::move(done)](const api::Reply<api::ChannelResult> &r) {
                     if (!receiver)
                         return;
                     if (!r.ok()) {
                         qCWarning(lcChannelLog)
                             << "channel" << m_channelId << "not readable:" << r.error.message;
                         done(std::nullopt);
                         return;
                     }
                     reloadHistory(r.value->channel.pts, receiver.data(), done);
                 });
}

void ChannelLog::reloadHistory(qint64 pts, QObject *context,
                               std::function<void(std::optional<qint64> pts)> done) {
    QPointer<QObject> receiver(context);
    const CommentCountStamps::Stamp asked = m_commentStamps ? m_commentStamps->asked() : 0;
    m_link->call(api::GetChannelHistory{m_channelId, 0, kReloadPosts}, this,
                 [this, pts, receiver, asked,
                  done = std::move(done)](const api::Reply<api::MessagesResult> &r) {
                     if (!receiver)
                         return;
                     if (!r.ok()) {
                         done(std::nullopt);
                         return;
                     }
                     QList<protocol::Message> posts = r.value->messages;
                     if (m_commentStamps)
                         m_commentStamps->dropOvertaken(posts, asked);
                     const bool complete = r.value->final.value_or(false);
                     m_store->writeSoon(
                         [id = m_channelId, posts, complete, pts](storage::WriteTransaction &tx) {
                             // Left while the page was on its way (the leave's answer came
                             // first and its removal is queued before this): storing the page
                             // would bring back the chat row (history_complete) and its posts.
                             if (!storage::ChannelsTable::load(tx, id))
                                 return;
                             SyncWrites::storeHistoryPage(tx, id, posts, complete);
                             CommentCounts::storePosts(tx, id, posts);
                             storage::ChannelsTable::raisePts(tx, id, pts);
                         },
                         receiver.data(), [done, pts] { done(pts); });
                 });
}

void ChannelLog::applySlice(const QList<protocol::LoggedUpdate> &slice, qint64 pts,
                            QObject *context, std::function<void()> done) {
    m_store->writeSoon(
        [id = m_channelId, slice, pts](storage::WriteTransaction &tx) {
            if (!storage::ChannelsTable::load(tx, id))
                return; // unsubscribed meanwhile: nothing of it is kept
            SyncWrites::applyEntries(tx, slice);
            CommentCounts::storeEntries(tx, id, slice);
            storage::ChannelsTable::raisePts(tx, id, pts);
        },
        context, std::move(done));
}

} // namespace msgr::core
