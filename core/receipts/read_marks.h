#pragma once
//! The user's read marks: stored locally at once (the unread badge drops offline too), kept as
//! pending in the store until the server acknowledges them (messages.read), sent again after a
//! reconnect or a restart.
//!
//! Thread affinity: the network thread; not thread-safe.
#include <QHash>
#include <QObject>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class RequestChannel;

class ReadMarks : public QObject {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the read marks.
    ReadMarks(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Loads the marks that were not acknowledged before the last quit.
    void start();
    //! The user read the chat up to maxId.
    void markRead(qint64 chatId, qint64 maxId);

private:
    void flush();

    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
    QHash<qint64, qint64> m_pending; // chat id -> max id; also in the store until acknowledged
};

} // namespace msgr::core
