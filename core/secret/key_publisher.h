#pragma once
//! Keeps this device's secret-chat keys on the server (docs/protocol.md §12): on every
//! authorization (and every hour while connected) it makes or rotates the keys in the store
//! (secret_writes.h: created, stored, only then public), publishes the identity and signed
//! pre-key bundle, and tops the server's one-time pre-key pool back up to
//! kOneTimePreKeyPoolSize once it has fallen below kOneTimePreKeyRefillBelow. The publish is
//! sent every time: its answer carries the pool's size, which nothing else tells, and the same
//! bundle published again changes nothing on the server.
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/net/request_channel.h"

#include <QObject>
#include <QPointer>

class QTimer;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class KeyPublisher : public QObject {
    Q_OBJECT
public:
    //! How often a connected device looks at its signed pre-key's age again.
    static constexpr int kCheckIntervalMs = 60 * 60 * 1000;

    //! `channel` and `store` must outlive the publisher.
    KeyPublisher(RequestChannel *channel, storage::ProfileStore *store, QObject *parent = nullptr);

    //! Publishes now (authorized() does this by itself).
    void publish();
    //! Whether the server holds this device's current bundle and a topped-up pool (since the
    //! last authorization).
    bool isPublished() const { return m_published; }

signals:
    //! The bundle is published and the server holds `oneTimePreKeys` one-time pre-keys.
    void published(qint64 oneTimePreKeys);

private:
    void sendBundle(const QByteArray &bundle);
    void topUp(qint64 held);

    QPointer<RequestChannel> m_channel;
    storage::ProfileStore *m_store;
    QTimer *m_timer;
    bool m_busy = false;
    bool m_again = false;
    bool m_published = false;
};

} // namespace msgr::core
