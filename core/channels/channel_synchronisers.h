#pragma once
//! The client's per-channel log synchronisers (docs/protocol.md §15.3): one LogSynchroniser
//! with its ChannelLog per subscribed channel. After every authorization the subscriptions are
//! listed (channels.list, in pages) and stored, channels no longer listed are dropped, and each
//! channel's synchroniser resumes at the listed pts (nothing asked when it equals the stored
//! one). Live `channelUpdate` pushes (no account pts) go to their channel's synchroniser, which
//! applies them in order and fetches the difference on a gap; `channelSubscribers` pushes
//! (no pts, never logged) store a channel's subscriber count; a channelSubscription in the
//! account log starts or stops one. A channel's synchroniser never restarts the link: a
//! channel that cannot be read is logged and retried on the next authorization.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "protocol/api/channels.h"
#include "protocol/frame.h"
#include "protocol/updates.h"

#include <QHash>
#include <QObject>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class ChannelLog;
class CommentCountStamps;
class LogSynchroniser;
class RequestChannel;

class ChannelSynchronisers : public QObject {
    Q_OBJECT
public:
    //! `link` and `store` must outlive this.
    ChannelSynchronisers(RequestChannel *link, storage::ProfileStore *store,
                         QObject *parent = nullptr);

    //! A pushed frame: true when it was a channelUpdate (handled or dropped here), false when
    //! it belongs to the account log.
    bool offer(const protocol::UpdateFrame &frame);
    //! Entries of the account log just stored: channelSubscription starts or stops a channel.
    void noteAccountApplied(const QList<protocol::LoggedUpdate> &updates);
    //! The user is subscribed to `channel` (stored already): its log is followed from now on.
    void track(const protocol::api::Channel &channel);
    //! Not subscribed any more: its log is not followed.
    void untrack(qint64 channelId);

    bool isTracked(qint64 channelId) const { return m_channels.contains(channelId); }
    //! The channel log's applied position (-1: not tracked).
    qint64 position(qint64 channelId) const;
    //! channels.history below beforeId (0: the newest), stored; done(false) offline or refused.
    void fetchHistory(qint64 channelId, qint64 beforeId, std::function<void(bool stored)> done);
    //! Decides between a post count's push and an answer (CommentService's; it outlives this).
    void setCommentStamps(CommentCountStamps *stamps);
    CommentCountStamps *commentStamps() const { return m_commentStamps; }

signals:
    //! The channel's difference finished: its stored posts are up to date as of `pts`.
    void channelSynced(qint64 channelId, qint64 pts);
    //! Entries of the channel's log were committed to the store.
    void channelApplied(qint64 channelId, const QList<msgr::protocol::LoggedUpdate> &updates);
    //! channels.list answered and every listed channel is stored and followed.
    void channelsListed(const QList<msgr::protocol::api::Channel> &channels);

private:
    struct Follower {
        ChannelLog *log = nullptr;
        LogSynchroniser *sync = nullptr;
    };
    void onAuthorized();
    //! A channelSubscribers push (§15.4): the count stored (its chat noted changed, so an open
    //! ChannelInfo reads it again).
    void offerSubscribers(const protocol::UpdateFrame &frame);
    void onUnauthorized();
    void listPage(qint64 afterId, QList<protocol::api::Channel> soFar, quint64 generation);
    void storeListed(const QList<protocol::api::Channel> &channels, quint64 generation);

    RequestChannel *m_link;
    storage::ProfileStore *m_store;
    QHash<qint64, Follower> m_channels;
    CommentCountStamps *m_commentStamps = nullptr;
    quint64 m_generation = 0;
};

} // namespace msgr::core
