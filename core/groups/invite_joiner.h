#pragma once
//! The "Join group by link" dialog's action (docs/protocol.md §20): the pasted link is read
//! (core/groups/invite_link.h; anything else is refused here, not sent), previewed with
//! groups.checkInvite (the group's title and member count, or that the user is in it already),
//! then joined with groups.joinByInvite; `joined` follows once the group is in the store, for
//! the shell to open it. Refusals come as readable sentences (a dead link, too many attempts
//! and the wait, the group full...). Both calls draw on the server's per-user attempt bucket,
//! so nothing here retries by itself.
//!
//! GUI thread only; the calls go through SyncEngine on the network thread.
#include "core/context/core_context.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

struct GroupAnswer;
struct GroupOutcome;

class InviteJoiner : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context MEMBER m_context NOTIFY contextChanged)
    //! A check or a join was sent and has not been answered.
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    //! The link was checked: title and memberCount describe its group.
    Q_PROPERTY(bool previewed READ previewed NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(int memberCount READ memberCount NOTIFY changed)
    //! The user is in the group already: joining just opens it.
    Q_PROPERTY(bool alreadyMember READ alreadyMember NOTIFY changed)
    //! Why the last check or join failed, for the user; "" otherwise.
    Q_PROPERTY(QString error READ error NOTIFY changed)
public:
    explicit InviteJoiner(QObject *parent = nullptr);

    bool busy() const { return m_busy; }
    bool previewed() const { return m_previewed; }
    QString title() const { return m_title; }
    int memberCount() const { return m_memberCount; }
    bool alreadyMember() const { return m_alreadyMember; }
    QString error() const { return m_error; }

    //! Forgets the link and its preview (the dialog opens empty).
    Q_INVOKABLE void reset();
    //! Reads `text` as a link and asks the server what group it leads to.
    Q_INVOKABLE void check(const QString &text);
    //! Joins the group of the checked link (opens it when already a member).
    Q_INVOKABLE void join();

signals:
    void contextChanged();
    void changed();
    //! The group is in the store; a double for QML.
    void joined(double chatId, const QString &title);

private:
    void checked(const GroupAnswer &answer, quint64 generation);
    void finishJoin(const GroupOutcome &outcome, quint64 generation);
    bool refuseOffline();

    QPointer<CoreContext> m_context;
    quint64 m_generation = 0; // drops answers meant for an earlier link
    QString m_token;          // the checked link's secret: memory only
    bool m_busy = false;
    bool m_previewed = false;
    QString m_title;
    int m_memberCount = 0;
    bool m_alreadyMember = false;
    qint64 m_memberChatId = 0;
    QString m_error;
};

} // namespace msgr::core
