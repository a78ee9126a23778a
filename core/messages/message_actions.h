#pragma once
//! What the message menu does to a sent message (docs/protocol.md §16): edit its text, delete
//! it for oneself or for everyone, and whether each is offered. The server applies the change
//! and logs it to every device, this one included; the chat's MessageListModel then shows it
//! through the store like any other update, so nothing is changed locally here.
//! GUI thread only.
#include "core/context/core_context.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class MessageActions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    //! Injected: by the C++ constructor, or from QML (`context: Session.context`).
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! An action is on its way to the server.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
public:
    //! The server's window for editing and for deleting one's own message for everyone.
    static constexpr qint64 kEditWindowMs = 48LL * 3600 * 1000;

    explicit MessageActions(QObject *parent = nullptr);
    explicit MessageActions(CoreContext *context, QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    bool busy() const { return m_busy > 0; }

    // Ids are doubles for QML (exact to 2^53), as in MessageListModel.
    //! A sent message of one's own, within the window (`date`: ms since the epoch).
    Q_INVOKABLE bool canEdit(bool outgoing, double messageId, double date) const;
    //! The same rule: one's own sent message within the window. (A group's admins may delete
    //! others' messages too; the menu offers it only for one's own.)
    Q_INVOKABLE bool canDeleteForEveryone(bool outgoing, double messageId, double date) const;
    //! Puts `text` on the clipboard (QML has no clipboard of its own).
    Q_INVOKABLE void copyText(const QString &text) const;
    //! Sends the new text; done() or refused() follows.
    Q_INVOKABLE void edit(double chatId, double messageId, const QString &text);
    //! Deletes sent messages (server ids) for oneself or for everyone; done() or refused().
    Q_INVOKABLE void remove(double chatId, const QVariantList &messageIds, bool forEveryone);
    //! Forwards sent messages (server ids) of one chat to another (docs/protocol.md §19);
    //! done() or refused(). Asking again for the same forward after a refusal (a lost link)
    //! reuses its random ids: the server stores it once.
    Q_INVOKABLE void forward(double fromChatId, const QVariantList &messageIds, double toChatId);
    //! Pins a sent message (server id) in the chat, replacing the one pinned before, or unpins
    //! it (docs/protocol.md §17.4); done() or refused().
    Q_INVOKABLE void pin(double chatId, double messageId, bool pinned);

signals:
    void contextChanged();
    void busyChanged();
    void done();
    //! The server (or the lack of one) said no: `reason` is for the user.
    void refused(const QString &reason);

private:
    void finish(const QString &error);

    QPointer<CoreContext> m_context;
    int m_busy = 0;
    //! The random ids of forwards not yet acknowledged, by "from:ids:to".
    QHash<QString, QList<qint64>> m_forwardIds;
};

} // namespace msgr::core
