#pragma once
//! Who the other users are: fetches the names of users the profile shows (senders, chat
//! members, ourselves) once each and stores them, and searches users by name for a new chat.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QObject>
#include <QSet>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class RequestChannel;

class UserDirectory : public QObject {
    Q_OBJECT
public:
    //! Users per users.search answer.
    static constexpr int kSearchLimit = 20;

    //! `channel` and `store` must outlive the directory.
    UserDirectory(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Fetches and stores the users not asked for yet (ids <= 0 are skipped).
    void fetch(const QList<qint64> &ids);
    //! The senders and new chats' members of applied updates.
    void fetchMentioned(const QList<protocol::LoggedUpdate> &updates);
    //! usersFound(tag, ...) follows, empty when signed out or refused.
    void search(int tag, const QString &query);

signals:
    void usersFound(int tag, const QList<msgr::protocol::User> &users);
    //! Names of users were written to the store (a read queued after this sees them).
    void usersStored();

private:
    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
    QSet<qint64> m_requested; // asked for (or stored); forgotten again when the ask failed
};

} // namespace msgr::core
