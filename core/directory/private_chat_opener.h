#pragma once
//! Opens the private chat with a user (chats.openPrivate) and says so once the chat is stored
//! locally: at once if it already was, otherwise when the account log has applied its newChat
//! update (a difference is asked for, so that does not wait for the next push).
//!
//! Thread affinity: the network thread; not thread-safe.
#include "protocol/updates.h"

#include <QObject>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class LogSynchroniser;
class RequestChannel;
class UserDirectory;

class PrivateChatOpener : public QObject {
    Q_OBJECT
public:
    //! All must outlive the opener.
    PrivateChatOpener(RequestChannel *channel, storage::ProfileStore *store,
                      LogSynchroniser *accountLog, UserDirectory *users, QObject *parent = nullptr);

    //! opened(chatId) follows once the chat is stored (nothing while signed out).
    void open(qint64 userId);
    //! Announces the awaited chat when its newChat update is among the applied ones.
    void noteApplied(const QList<protocol::LoggedUpdate> &updates);

signals:
    void opened(qint64 chatId);

private:
    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
    LogSynchroniser *m_accountLog;
    UserDirectory *m_users;
    qint64 m_awaitedChat = 0; // opened on the server, not stored here yet
};

} // namespace msgr::core
