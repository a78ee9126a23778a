#pragma once
//! A channel's info page (issue 10 item 6; QML: Messenger.Channels, ChannelInfo { context:
//! Session.context; channelId: ... }): title, about, public @name, subscriber count, the owner
//! and admins with their names, the user's own role and mute, and what that role allows: edit
//! the title and about, add subscribers, make or remove admins (the owner), leave (not the
//! owner). The stored channel (ChannelsTable and its chat row, read off the GUI thread, read
//! again when the row changes) gives what is known offline, the admins included; channels.get
//! asks for the server's view when the page is shown. The answers of the acts and every
//! channelChanged entry of the channel's log (another device or admin editing) replace the
//! server's view at once, so the page follows them live; so does the subscriber count, from
//! the channel's unlogged channelSubscribers pushes, which ChannelSynchronisers stores.
//! Refusals become `error`, a sentence for the user naming the limit or the reason.
//!
//! Thread affinity: the GUI thread.
#include "core/channels/channel_service.h"
#include "core/context/core_context.h"
#include "core/photos/photo_changer.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <optional>

namespace msgr::storage {
struct ChangeSet;
}

namespace msgr::core {

class ChannelInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! The channel (its chat id, a double for QML; 0: none).
    Q_PROPERTY(double channelId READ channelId WRITE setChannelId NOTIFY channelIdChanged)
    //! Something is known of it (stored, or answered by the server).
    Q_PROPERTY(bool known READ known NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    //! The channel's photo as an "image://avatar" URL (docs/protocol.md §24); "": letters.
    Q_PROPERTY(QString photoUrl READ photoUrl NOTIFY changed)
    //! "Set photo" / "Remove photo" runs (PhotoChanger); `error` tells a refusal.
    Q_PROPERTY(bool photoBusy READ photoBusy NOTIFY photoBusyChanged)
    Q_PROPERTY(QString about READ about NOTIFY changed)
    //! The public @name without "@"; empty: a private channel.
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(double subscriberCount READ subscriberCount NOTIFY changed)
    Q_PROPERTY(double ownerId READ ownerId NOTIFY changed)
    //! The owner's shown name ("" until stored).
    Q_PROPERTY(QString ownerName READ ownerName NOTIFY changed)
    //! The admins besides the owner: [{userId, name}] (empty until the server answered).
    Q_PROPERTY(QVariantList admins READ admins NOTIFY changed)
    //! The user's own: "owner", "admin", "subscriber", or "" when not subscribed.
    Q_PROPERTY(QString role READ role NOTIFY changed)
    Q_PROPERTY(bool muted READ muted NOTIFY changed)
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY changed)
    //! A supergroup (§23): members, not subscribers; the owner and admins may remove them.
    Q_PROPERTY(bool megagroup READ megagroup NOTIFY changed)
    Q_PROPERTY(bool canSetRoles READ canSetRoles NOTIFY changed)
    Q_PROPERTY(bool canLeave READ canLeave NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    //! Why the last act was refused ("" when it was not).
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    //! The limits the page shows and checks before asking (docs/protocol.md §15.6).
    Q_PROPERTY(int maxTitleLength READ maxTitleLength CONSTANT)
    Q_PROPERTY(int maxAboutLength READ maxAboutLength CONSTANT)
public:
    explicit ChannelInfo(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double channelId() const { return double(m_channelId); }
    void setChannelId(double id);

    bool known() const { return m_stored || m_server.has_value(); }
    QString title() const { return m_title; }
    QString photoUrl() const;
    bool photoBusy() const;
    //! The owner's and admins' (canEdit): the picture at `file` (a local file URL) becomes the
    //! channel's photo (docs/protocol.md §24); removePhoto() removes it.
    Q_INVOKABLE void setPhoto(const QUrl &file);
    Q_INVOKABLE void removePhoto();
    QString about() const { return m_about; }
    QString name() const { return m_name; }
    double subscriberCount() const { return double(m_subscribers); }
    double ownerId() const { return double(m_ownerId); }
    QString ownerName() const;
    QVariantList admins() const;
    QString role() const;
    bool muted() const { return m_muted; }
    bool canEdit() const;
    bool megagroup() const;
    bool canSetRoles() const;
    bool canLeave() const;
    bool busy() const { return m_busy > 0; }
    QString error() const { return m_error; }
    static int maxTitleLength();
    static int maxAboutLength();

    //! Asks the server for the channel (admins included); also done when channelId is set.
    Q_INVOKABLE void refresh();
    //! Saves the title and about; only what differs from the shown ones is sent.
    Q_INVOKABLE void edit(const QString &title, const QString &about);
    //! `usernames`: "@a @b, c" (one to 100 users); each is looked up, then all are added.
    Q_INVOKABLE void addSubscribers(const QString &usernames);
    //! The owner makes @username an admin (or a subscriber again with `admin` false).
    Q_INVOKABLE void setAdminByUsername(const QString &username, bool admin);
    Q_INVOKABLE void setAdmin(double userId, bool admin);
    Q_INVOKABLE void setMuted(bool muted);
    //! supergroups.removeMember (docs/protocol.md §23): owner: anyone; admin: plain members.
    Q_INVOKABLE void removeMemberByUsername(const QString &username);
    Q_INVOKABLE void leave();

    //! The sentence for a refusal of this page's acts (ChannelDirectory::errorText otherwise).
    static QString errorText(const QString &code, const QString &serverMessage);

signals:
    void contextChanged();
    void channelIdChanged();
    void changed();
    void busyChanged();
    void errorChanged();
    //! The server accepted an act (the page shows its outcome).
    void actionDone();
    void photoBusyChanged();
    //! The user left the channel.
    void left();

private:
    //! `limitText`: the sentence for LIMIT_EXCEEDED, which means another bound per act.
    void act(const std::function<void(ChannelDone)> &start,
             std::function<void(const ChannelOutcome &)> then, const QString &limitText = {});
    void setError(const QString &error);
    //! The server's view of the channel: an answer, or (`sharedEntry`) a channelChanged entry.
    void applyServer(const protocol::api::Channel &channel, bool sharedEntry = false);
    void reloadStored();
    void onStoreChanged(const msgr::storage::ChangeSet &changes);
    //! Looks up each @username (users.search, exact); then(ids) once all are found.
    void resolveUsers(const QStringList &usernames, std::function<void(QList<qint64>)> then);
    void requestNames();

    QPointer<CoreContext> m_context;
    QList<QMetaObject::Connection> m_connections;
    qint64 m_channelId = 0;
    quint64 m_generation = 0; // drops answers meant for an earlier channel
    bool m_stored = false;
    std::optional<protocol::api::Channel> m_server;
    QString m_title;
    QString m_photoFileId;
    PhotoChanger *m_photoChanger;
    QString m_about;
    QString m_name;
    qint64 m_subscribers = 0;
    qint64 m_ownerId = 0;
    QList<qint64> m_storedAdmins; // ChannelsTable's, shown until the server answered
    int m_storedRole = -1;        // storage::ChatRole of the stored row; -1 none
    bool m_muted = false;
    int m_busy = 0;
    QString m_error;
};

} // namespace msgr::core
