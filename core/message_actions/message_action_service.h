#pragma once
//! Edits and deletes the account's messages through the server (messages.edit,
//! messages.delete; docs/protocol.md §16). Nothing is changed locally here: the server logs the
//! change to every device of the account, this one included, and the sync layer applies it
//! (MessageActionsSync), so every device shows the same. Offline, an action is refused at once,
//! not queued: an edit or a deletion that lands much later, when the window may have passed
//! and nobody looks, would surprise more than a "try again when online".
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "core/net/request_channel.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>

namespace msgr::core {

class MessageActionService : public QObject {
    Q_OBJECT
public:
    //! `error`: empty when the server accepted; else why not, for the user.
    using Done = std::function<void(const QString &error)>;

    //! `channel` must outlive the service.
    explicit MessageActionService(RequestChannel *channel, QObject *parent = nullptr);

    void edit(qint64 chatId, qint64 messageId, const QString &text, Done done);
    void remove(qint64 chatId, const QList<qint64> &messageIds, bool forEveryone, Done done);
    //! messages.forward (docs/protocol.md §19): `randomIds` chosen once by the caller, one per
    //! message, so that a retry of the same forward stores nothing twice. The copies arrive as
    //! newMessage updates, as every device's do.
    //! messages.pin (docs/protocol.md §17.4): pins or unpins a message; the chat's new pin
    //! arrives as a chatPinnedMessage update.
    void pin(qint64 chatId, qint64 messageId, bool pinned, Done done);
    void forward(qint64 fromChatId, const QList<qint64> &messageIds, qint64 toChatId,
                 const QList<qint64> &randomIds, Done done);

private:
    QPointer<RequestChannel> m_channel;
};

} // namespace msgr::core
