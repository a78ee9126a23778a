#pragma once
//! Sends the messages the user wrote, in order per chat, exactly once: a message is stored as
//! pending first (ProfileStore), handed here, sent with its random id when the link is
//! authorized, resent with the same random id after a lost connection (the server answers a
//! repeat with the message it stored), retried after FLOOD_WAIT or a server failure, and marked
//! failed for good when the server refuses it (never resent, also after a restart). A post
//! written in a subscribed channel is queued the same way and sent as channels.post (so a
//! channel can be posted to offline: the post shows pending until the server has it).
//!
//! Thread affinity: the network thread; not thread-safe.
#include "storage/records.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class RequestChannel;

class Outbox : public QObject {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the outbox.
    Outbox(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Queues what the store holds as pending (refused messages excepted).
    void start();
    //! A message already stored as pending: sent when the link is authorized. One with an
    //! attachment still uploading (no file id) is ignored: it is handed again once ready.
    void send(const storage::MessageRecord &record);
    //! The user retries a refused message (no longer marked failed in the store): sent again
    //! with its random id.
    void retry(const storage::MessageRecord &record);
    //! The user cancelled a pending message (already removed from the store): not sent if it
    //! is still queued and not in flight.
    void forget(qint64 localId);

signals:
    void messageSent(qint64 localId, qint64 serverId);
    //! The server refused the message for good: it is stored as failed, with the reason.
    void sendFailed(qint64 localId, const QString &reason);

private:
    //! Marks a message ready to send as known: false when it is not ready or known already.
    bool admit(const storage::MessageRecord &record);
    //! Appends an admitted message to its chat's queue (unless forgotten meanwhile) and pumps.
    void enqueue(const storage::MessageRecord &record, bool channel);
    void pump(qint64 chatId);
    void pumpAll();
    //! Removes the head of the chat's queue if it is still `localId`.
    void dropHead(qint64 chatId, qint64 localId);

    RequestChannel *m_channel;
    storage::ProfileStore *m_store;
    QMap<qint64, QList<storage::MessageRecord>> m_queues; // per chat, in order
    QSet<qint64> m_inFlight;                              // chat ids with a send in flight
    QSet<qint64> m_known;                                 // local ids ever queued (or failed)
    QSet<qint64> m_forgotten;    // cancelled while their chat's kind was being read
    QSet<qint64> m_channelChats; // chats that are subscribed channels: posts, channels.post
};

} // namespace msgr::core
