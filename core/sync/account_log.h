#pragma once
//! The account's pts log (updates.getDifference over everything the account sees): its
//! position is account.pts in the profile store, a slice is stored by SyncWrites, and a reload
//! replaces the chat list (chats.list) with the server's.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "core/sync/pts_log.h"
#include "protocol/objects.h"

#include <QObject>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class RequestChannel;

class AccountLog : public QObject, public PtsLog {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the log.
    AccountLog(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    void loadPosition(QObject *context, std::function<void(qint64 pts)> done) override;
    void fetchDifference(
        qint64 fromPts, QObject *context,
        std::function<void(const protocol::api::Reply<protocol::api::DifferenceResult> &)> done)
        override;
    void reload(QObject *context, std::function<void(std::optional<qint64> pts)> done) override;
    void applySlice(const QList<protocol::LoggedUpdate> &slice, qint64 pts, QObject *context,
                    std::function<void()> done) override;

signals:
    //! A reload stored these chats (most recent first); their history is not stored yet.
    void reloaded(const QList<msgr::protocol::ChatSummary> &chats);

private:
    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
};

} // namespace msgr::core
