#pragma once
//! The network side of typing notices (docs/protocol.md §17): sends messages.setTyping for
//! the user and turns the server's `typing` pushes into peerTyping(). Nothing is queued or
//! retried: a notice not sent now is stale in seconds, so offline it is dropped. A lost link
//! emits linkLost(), after which every indicator shown is stale (no stop will come for it).
//!
//! Thread affinity: the network thread, beside its RequestChannel. Construct anywhere, move
//! to that thread, then call (queued from the GUI thread).
#include "core/net/request_channel.h"

#include <QObject>
#include <QPointer>

namespace msgr::core {

class TypingRelay : public QObject {
    Q_OBJECT
public:
    //! `channel` must outlive the relay.
    explicit TypingRelay(RequestChannel *channel, QObject *parent = nullptr);

    //! The user is typing in `chatId` (a server chat, ≥ 1), or stopped. Dropped when offline.
    void send(qint64 chatId, bool typing);

signals:
    //! `userId` started or stopped typing in `chatId` (a push; the receiver expires it).
    void peerTyping(qint64 chatId, qint64 userId, bool typing);
    //! The link went down: no stop will arrive for what was shown.
    void linkLost();

private:
    void onUpdate(const protocol::UpdateFrame &frame);

    QPointer<RequestChannel> m_channel;
    bool m_linked = false; // authorized since the last linkLost()
};

} // namespace msgr::core
