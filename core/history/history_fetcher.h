#pragma once
//! Brings older history from the server when the user scrolls past what is stored
//! (messages.history, one page at a time, with whether the chat's history is now complete),
//! and the newest page of the most recent chats after a reload of the chat list. Every stored
//! page is receipted and its senders' names fetched.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "protocol/objects.h"

#include <QObject>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class DeliveryReceipts;
class RequestChannel;
class UserDirectory;

class HistoryFetcher : public QObject {
    Q_OBJECT
public:
    //! Messages per page when scrolling beyond the stored history.
    static constexpr int kPageLimit = 100;
    //! After a reload, history is fetched for at most this many recent chats, this much each.
    static constexpr int kRecentChats = 30;
    static constexpr int kRecentLimit = 50;

    //! All must outlive the fetcher.
    HistoryFetcher(RequestChannel *channel, storage::ProfileStore *store,
                   DeliveryReceipts *receipts, UserDirectory *users, QObject *parent = nullptr);

    //! Fetches and stores the page older than beforeId (0 = the newest page); done(true) once
    //! stored, done(false) when signed out or refused.
    void fetchPage(qint64 chatId, qint64 beforeId, std::function<void(bool stored)> done);
    //! The newest page of the first kRecentChats of a reloaded chat list.
    void fetchRecent(const QList<protocol::ChatSummary> &chats);

private:
    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
    DeliveryReceipts *m_receipts;
    UserDirectory *m_users;
};

} // namespace msgr::core
