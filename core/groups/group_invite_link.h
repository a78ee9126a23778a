#pragma once
//! The "Invite link" section of a group's info page (docs/protocol.md §20), for the owner and
//! admins: create the link (groups.exportInvite; again: a new link, the one before stops
//! working), copy it, revoke it (groups.revokeInvite). The server keeps only a hash of the
//! token, so a link is known only from the export that made it: a page opened later shows
//! none until the user creates one again. The link is a secret: it lives in this object's
//! memory and the clipboard only, never in the store or a log.
//!
//! GUI thread only; the calls go through SyncEngine::groupQuery on the network thread.
#include "core/context/core_context.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

struct GroupAnswer;

class GroupInviteLink : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context MEMBER m_context NOTIFY contextChanged)
    //! A double for QML (64-bit ids, docs/client-api.md).
    Q_PROPERTY(double chatId READ chatIdForQml WRITE setChatIdFromQml NOTIFY chatIdChanged)
    //! `msgr://join/<token>` once created here; "" before, and after a revoke.
    Q_PROPERTY(QString link READ link NOTIFY linkChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    //! The last refusal, for the user; "" after a success.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    explicit GroupInviteLink(QObject *parent = nullptr);

    double chatIdForQml() const { return double(m_chatId); }
    void setChatIdFromQml(double chatId);
    QString link() const { return m_link; }
    bool busy() const { return m_busy; }
    QString error() const { return m_error; }

    //! A new link (the one before, if any, stops working).
    Q_INVOKABLE void create();
    //! Kills the live link; nobody joins by it any more.
    Q_INVOKABLE void revoke();
    //! Puts the link on the clipboard (QML has no clipboard of its own).
    Q_INVOKABLE void copy() const;

signals:
    void contextChanged();
    void chatIdChanged();
    void linkChanged();
    void busyChanged();
    void errorChanged();
    void revoked();

private:
    void send(bool exporting);
    void finish(const GroupAnswer &answer, bool exporting, quint64 generation);
    void setLink(const QString &link);
    void setError(const QString &error);
    void setBusy(bool busy);

    QPointer<CoreContext> m_context;
    qint64 m_chatId = 0;
    quint64 m_generation = 0; // drops answers meant for an earlier chat
    QString m_link;
    QString m_error;
    bool m_busy = false;
};

} // namespace msgr::core
