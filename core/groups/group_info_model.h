#pragma once
//! A group's info page (issue 10 item 6): its title, its members with their names and roles
//! (owner, admin, member), and what the signed-in user may do (core/groups/group_permissions.h),
//! read from the profile store on its worker (never the disk on this thread) and read again
//! when the group's row changes (a chatChanged update, an answer of ours) or names arrive. The
//! actions go to the server through SyncEngine::groupCall; the page shows a refusal as
//! actionFailed and the change itself when the store has it.
//!
//! GUI thread only.
#include "core/context/core_context.h"
#include "core/photos/photo_changer.h"
#include "storage/records.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

struct GroupOutcome;

class GroupInfoModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! A double for QML (64-bit ids, docs/client-api.md).
    Q_PROPERTY(double chatId READ chatIdForQml WRITE setChatIdFromQml NOTIFY chatIdChanged)
    //! The chat is a group stored in this profile (the page has something to show).
    Q_PROPERTY(bool isGroup READ isGroup NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    //! The group's photo as an "image://avatar" URL (docs/protocol.md §24); "": letters.
    Q_PROPERTY(QString photoUrl READ photoUrl NOTIFY changed)
    //! "Set photo" / "Remove photo" runs (PhotoChanger); actionFailed tells a refusal.
    Q_PROPERTY(bool photoBusy READ photoBusy NOTIFY photoBusyChanged)
    Q_PROPERTY(int memberCount READ memberCount NOTIFY changed)
    //! The signed-in user is (still) a member: false once removed or after leaving.
    Q_PROPERTY(bool isMember READ isMember NOTIFY changed)
    //! "owner", "admin", "member" ("" when unknown or not a member).
    Q_PROPERTY(QString selfRole READ selfRole NOTIFY changed)
    Q_PROPERTY(bool canAddMembers READ canAddMembers NOTIFY changed)
    Q_PROPERTY(bool canRename READ canRename NOTIFY changed)
    //! An action was sent and its answer has not come yet.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1, //!< a double
        NameRole,                      //!< the name to show ("" until stored)
        RoleNameRole,                  //!< "owner", "admin", "member"
        IsSelfRole,
        CanRemoveRole,  //!< the signed-in user may remove this member
        CanSetRoleRole, //!< ... may make them an admin, or a member again
    };
    Q_ENUM(Role)

    explicit GroupInfoModel(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double chatIdForQml() const { return double(m_chatId); }
    void setChatIdFromQml(double chatId);

    bool isGroup() const { return m_isGroup; }
    QString title() const { return m_title; }
    QString photoUrl() const;
    bool photoBusy() const;
    int memberCount() const { return int(m_members.size()); }
    bool isMember() const;
    QString selfRole() const;
    bool canAddMembers() const;
    bool canRename() const;
    bool busy() const { return m_busy; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! The member at `row` (a double for QML; 0 past the end).
    Q_INVOKABLE double userIdAt(int row) const {
        return row >= 0 && row < m_members.size() ? double(m_members.at(row).userId) : 0;
    }
    Q_INVOKABLE void rename(const QString &title);
    //! The owner's and admins' (canRename): the picture at `file` (a local file URL) becomes
    //! the group's photo (docs/protocol.md §24); removePhoto() removes it.
    Q_INVOKABLE void setPhoto(const QUrl &file);
    Q_INVOKABLE void removePhoto();
    //! `userIds`: doubles, as QML holds ids.
    Q_INVOKABLE void addMembers(const QVariantList &userIds);
    Q_INVOKABLE void removeMember(double userId);
    //! Makes the member an admin (true) or an admin a plain member (false).
    Q_INVOKABLE void setAdmin(double userId, bool admin);
    Q_INVOKABLE void leave();
    //! groups.upgrade (owner only, docs/protocol.md §23): upgraded() follows, or actionFailed().
    Q_INVOKABLE void upgrade();

signals:
    void contextChanged();
    void chatIdChanged();
    void changed();
    void busyChanged();
    void photoBusyChanged();
    //! The server accepted; the store has the change (the list shows it).
    void actionDone();
    //! The signed-in user left the group (the page closes it).
    void leftGroup();
    //! The group is now the supergroup `chatId` (stored and followed; the page opens it).
    void upgraded(double chatId, const QString &title);
    //! Refused or offline: `message` says why, for the user.
    void actionFailed(const QString &message);

private:
    struct Member {
        qint64 userId = 0;
        storage::ChatRole role = storage::ChatRole::Member;
        QString name;
    };
    void reload();
    void apply(bool isGroup, const QString &title, storage::ChatRole selfRole,
               QList<Member> members);
    template <typename Request> void send(const Request &request, bool leaving = false);
    void finish(const GroupOutcome &outcome, bool leaving);

    QPointer<CoreContext> m_context;
    QList<QMetaObject::Connection> m_connections;
    qint64 m_chatId = 0;
    quint64 m_generation = 0; // drops answers meant for an earlier chat
    bool m_isGroup = false;
    QString m_title;
    QString m_photoFileId;
    PhotoChanger *m_photoChanger;
    storage::ChatRole m_selfRole = storage::ChatRole::Unknown;
    QList<Member> m_members;
    bool m_busy = false;
};

} // namespace msgr::core
