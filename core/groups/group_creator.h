#pragma once
//! The "New group" dialog's action: groups.create with a title and the members picked, then
//! `created` once the new group is in the store (so the chat list and the chat page find it).
//! The random id is chosen once per dialog (reset()), so pressing Create again after a lost
//! answer gets the group created the first time, not a second one (docs/protocol.md §5).
//!
//! GUI thread only.
#include "core/context/core_context.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class GroupCreator : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context MEMBER m_context NOTIFY contextChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
public:
    explicit GroupCreator(QObject *parent = nullptr);

    bool busy() const { return m_busy; }

    //! A new group from now on (a new random id): call when the dialog opens.
    Q_INVOKABLE void reset();
    //! `userIds`: doubles, as QML holds ids; the signed-in user is added by the server.
    Q_INVOKABLE void create(const QString &title, const QVariantList &userIds);

signals:
    void contextChanged();
    void busyChanged();
    //! A double for QML.
    void created(double chatId, const QString &title);
    void failed(const QString &message);

private:
    void setBusy(bool busy);

    QPointer<CoreContext> m_context;
    qint64 m_randomId = 0;
    bool m_busy = false;
};

} // namespace msgr::core
