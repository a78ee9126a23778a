#pragma once
//! A supergroup's member list for its info page (docs/protocol.md §23.3; QML:
//! Messenger.Channels, SupergroupMembers { context: Session.context; chatId: ... }): the
//! members with their roles, in pages of up to 200 asked of the server as the user scrolls
//! (loadMore), ascending by user id. A supergroup has up to 200,000 members, so the list is
//! never asked for whole and never stored; setting chatId starts again from the first page.
//! Names come from the one user cache (UserNames), fetched for members never seen before.
//!
//! Thread affinity: the GUI thread.
#include "core/context/core_context.h"
#include "protocol/api/supergroups.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

struct ChannelOutcome;

class SupergroupMembers : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! The supergroup (a double for QML; 0: none, the list is empty).
    Q_PROPERTY(double chatId READ chatId WRITE setChatId NOTIFY chatIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    //! Every member is listed (the server said the last page was final).
    Q_PROPERTY(bool complete READ complete NOTIFY completeChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    //! Why the last page was refused ("" when it was not).
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< a double for QML
        NameRole,                      //!< the shown name; "" until stored
        RoleRole,                      //!< "owner", "admin" or "member"
    };
    Q_ENUM(Role)

    explicit SupergroupMembers(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double chatId() const { return double(m_chatId); }
    void setChatId(double chatId);
    int count() const { return int(m_rows.size()); }
    bool complete() const { return m_complete; }
    bool busy() const { return m_busy; }
    QString error() const { return m_error; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Asks for the next page unless one is on its way or the list is complete.
    Q_INVOKABLE void loadMore();

signals:
    void contextChanged();
    void chatIdChanged();
    void countChanged();
    void completeChanged();
    void busyChanged();
    void errorChanged();

private:
    void restart();
    void onPage(quint64 generation, const ChannelOutcome &outcome);
    void requestNames(const QList<protocol::api::SupergroupMember> &members);
    void onNamesChanged(const QSet<qint64> &userIds);
    void setBusy(bool busy);

    QPointer<CoreContext> m_context;
    QMetaObject::Connection m_namesConnection;
    qint64 m_chatId = 0;
    QList<protocol::api::SupergroupMember> m_rows;
    bool m_complete = false;
    bool m_busy = false;
    QString m_error;
    quint64 m_generation = 0; // a page asked before the last restart is dropped
};

} // namespace msgr::core
