#pragma once
//! The secret chats' traffic through the relay (docs/protocol.md §12), over secret_writes.h's
//! storage jobs:
//! - start: secret.listDevices, the given device or the most recently active one (the server
//!   lists them so, as Telegram picks), secret.getBundle, then X3DH and the opening envelope in
//!   one job; chatStarted() once the relay accepted it;
//! - send: envelopes committed by encryptText() (or the opening) are relayed in order, one in
//!   flight, removed from secret_outbox after the relay's answer; after a reconnect or a
//!   restart the outbox is read again and resent as stored (never re-encrypted);
//! - receive: after every authorization secret.getQueue pages from the start until `final`;
//!   live `secretEnvelope` pushes that arrive meanwhile wait and follow in order. Each
//!   envelope is one job (state, message and envelope id in one transaction); secret.ack is
//!   sent only after that job committed. A lost ack means the envelope comes again and is
//!   skipped by its id.
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/net/request_channel.h"
#include "protocol/api/secret.h"
#include "storage/tables/secret_table.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

namespace secret {
struct Received;
}

class SecretChatService : public QObject {
    Q_OBJECT
public:
    //! `channel` and `store` must outlive the service.
    SecretChatService(RequestChannel *channel, storage::ProfileStore *store,
                      QObject *parent = nullptr);

    //! Starts a secret chat with `userId`'s device `deviceId` (0: the most recently active);
    //! chatStarted(tag, ...) or startFailed(tag, ...) follows.
    void startChat(qint64 userId, qint64 deviceId, int tag);
    //! An envelope committed to secret_outbox (secret_writes.h): relay it when online.
    void relay(const storage::SecretOutboxRow &row);
    //! The queue was read to its end since the last authorization.
    bool isCaughtUp() const { return m_caughtUp; }

signals:
    void chatStarted(int tag, qint64 chatId);
    //! `code`: the server's error code, OFFLINE, NO_DEVICE or KEYS.
    void startFailed(int tag, const QString &code, const QString &message);
    //! The relay accepted the message of `localId` (number `seq` in its chat).
    void messageSent(qint64 localId, qint64 seq);
    void sendFailed(qint64 localId, const QString &reason);
    //! Every envelope queued before the last authorization is processed and acknowledged.
    void caughtUp();
    //! The peer read self-destructing messages of ours: their timers run (secret_timers.h).
    void timersStarted();
    //! Users whose names the chat list may lack (a peer who opened a secret chat).
    void peersSeen(const QList<qint64> &userIds);

private:
    void chooseDevice(qint64 userId, qint64 deviceId, qint64 ownDevice, int tag);
    void onAuthorized();
    void onUpdate(const protocol::UpdateFrame &frame);
    void fetchPage(qint64 afterId);
    void finishFetch();
    //! Posts the envelope's job; `then` runs after its commit.
    void process(const protocol::api::SecretEnvelope &e, std::function<void()> then = {});
    void noteReceived(const protocol::api::SecretEnvelope &e, const secret::Received &r);
    void ack(qint64 maxId);
    void sendNext();
    void relayed(const storage::SecretOutboxRow &row);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
    quint64 m_generation = 0; // a new one per authorization: older answers are ignored
    bool m_fetching = false;
    bool m_caughtUp = false;
    QList<protocol::api::SecretEnvelope> m_held; // pushes that came while fetching
    QList<storage::SecretOutboxRow> m_outbox;    // oldest first
    bool m_sending = false;
    QHash<qint64, int> m_startTags; // chat id -> tag, until its opening is relayed
};

} // namespace msgr::core
