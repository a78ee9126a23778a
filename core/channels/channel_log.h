#pragma once
//! One channel's own pts log (docs/protocol.md §15.3), as a LogSynchroniser drives it: the
//! position is channels.pts of the channel's ChannelsTable row, a difference is
//! channels.getDifference (pages of at most 100 entries), a slice is applied by the same
//! SyncWrites rules as the account's (posts become messages of the channel's chat) in one
//! transaction with the channel's pts, and "too long" reloads the newest posts with
//! channels.history. Nothing stored yet (pts 0, a channel just subscribed) is "too long" too:
//! its newest posts are shown, not its whole past (older ones page in as the chat scrolls).
//!
//! Thread affinity: the network thread; not thread-safe.
#include "core/sync/pts_log.h"

#include <QObject>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class CommentCountStamps;
class RequestChannel;

class ChannelLog : public QObject, public PtsLog {
    Q_OBJECT
public:
    //! Posts of one reload (channels.history's page).
    static constexpr int kReloadPosts = 50;

    //! `link` and `store` must outlive the log.
    ChannelLog(qint64 channelId, RequestChannel *link, storage::ProfileStore *store,
               QObject *parent = nullptr);

    qint64 channelId() const { return m_channelId; }
    //! Post counts in answers lose to pushes received after the request (nullptr: none).
    void setCommentStamps(CommentCountStamps *stamps) { m_commentStamps = stamps; }

    void loadPosition(QObject *context, std::function<void(qint64 pts)> done) override;
    void fetchDifference(
        qint64 fromPts, QObject *context,
        std::function<void(const protocol::api::Reply<protocol::api::DifferenceResult> &)> done)
        override;
    void reload(QObject *context, std::function<void(std::optional<qint64> pts)> done) override;
    void applySlice(const QList<protocol::LoggedUpdate> &slice, qint64 pts, QObject *context,
                    std::function<void()> done) override;

private:
    void reloadHistory(qint64 pts, QObject *context,
                       std::function<void(std::optional<qint64> pts)> done);

    qint64 m_channelId;
    RequestChannel *m_link;
    storage::ProfileStore *m_store;
    CommentCountStamps *m_commentStamps = nullptr;
};

} // namespace msgr::core
