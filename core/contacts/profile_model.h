#pragma once
//! One user's profile page (docs/protocol.md §14): the signed-in user's own ("My profile":
//! name, @username, "about", edited with save()) or another user's (name, @username, "about",
//! last seen as the server lets the user see it, and where the two stand: contact, invited,
//! blocked). The profile is asked for with profiles.get when the page opens (and after each
//! save); until it comes, and offline, the page shows the names and relation the store has
//! (UsersTable, ContactsTable). GUI thread only.
#include "core/context/core_context.h"
#include "core/photos/photo_changer.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace msgr::core {

class SyncEngine;

class ProfileModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! The user shown; 0: the signed-in user (My profile).
    Q_PROPERTY(double userId READ userId WRITE setUserId NOTIFY userIdChanged)
    Q_PROPERTY(bool own READ own NOTIFY userIdChanged)
    Q_PROPERTY(QString username READ username NOTIFY profileChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY profileChanged)
    Q_PROPERTY(QString about READ about NOTIFY profileChanged)
    //! The profile photo's "image://avatar" URL (docs/protocol.md §24); "": letters.
    Q_PROPERTY(QString photoUrl READ photoUrl NOTIFY profileChanged)
    //! "Set photo" / "Remove photo" runs (PhotoChanger); errorText tells a refusal.
    Q_PROPERTY(bool photoBusy READ photoBusy NOTIFY photoBusyChanged)
    //! Last seen as the server tells it: an exact time (ms, 0 if not) or a bucket ("recently",
    //! "lastWeek", "lastMonth", "longAgo"; "" with an exact time).
    Q_PROPERTY(double lastSeenAt READ lastSeenAt NOTIFY profileChanged)
    Q_PROPERTY(QString lastSeen READ lastSeen NOTIFY profileChanged)
    //! The server's answer arrived (false offline: the stored names are shown).
    Q_PROPERTY(bool fresh READ fresh NOTIFY profileChanged)
    //! Another user: "none", "incoming", "outgoing", "denied", "contact" as stored.
    Q_PROPERTY(QString contactStatus READ contactStatus NOTIFY relationChanged)
    Q_PROPERTY(bool blocked READ blocked NOTIFY relationChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    //! False: only the stored names and relation, no profiles.get (the chat's blocked bar,
    //! which opens with every private chat).
    Q_PROPERTY(bool fetches MEMBER m_fetches NOTIFY fetchesChanged)
public:
    explicit ProfileModel(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    double userId() const { return double(m_userId); }
    void setUserId(double userId);
    bool own() const { return m_userId == 0; }
    QString username() const { return m_username; }
    QString displayName() const { return m_displayName; }
    QString about() const { return m_about; }
    QString photoUrl() const;
    bool photoBusy() const;
    double lastSeenAt() const { return double(m_lastSeenAt); }
    QString lastSeen() const { return m_lastSeen; }
    bool fresh() const { return m_fresh; }
    QString contactStatus() const { return m_contactStatus; }
    bool blocked() const { return m_blocked; }
    bool busy() const { return m_busy; }
    QString errorText() const { return m_errorText; }

    //! Reads the stored names and relation, then asks the server.
    Q_INVOKABLE void reload();
    //! My profile: saves what differs from the profile shown; saved() or errorText follows.
    Q_INVOKABLE void save(const QString &displayName, const QString &about,
                          const QString &username);
    //! Another user: invite them, block or unblock them (errorText on a refusal).
    Q_INVOKABLE void addContact();
    Q_INVOKABLE void setBlocked(bool blocked);
    //! My profile (docs/protocol.md §24): the picture at `file` (a local file URL) becomes
    //! the profile photo, prepared and uploaded off the GUI thread; removePhoto() removes it.
    Q_INVOKABLE void setPhoto(const QUrl &file);
    Q_INVOKABLE void removePhoto();

signals:
    void contextChanged();
    void userIdChanged();
    void profileChanged();
    void relationChanged();
    void busyChanged();
    void errorTextChanged();
    void saved();
    void fetchesChanged();
    void photoBusyChanged();

private:
    SyncEngine *engine() const;
    qint64 shownId() const;
    void followEngine();
    void readStored();
    void applyProfile(const QVariantMap &profile);
    void setBusy(bool busy);
    void setError(const QString &text);

    QPointer<CoreContext> m_context;
    QPointer<SyncEngine> m_followed;
    qint64 m_userId = 0;
    QString m_username;
    QString m_displayName;
    QString m_about;
    QString m_photoFileId; // §24; empty: none
    qint64 m_lastSeenAt = 0;
    QString m_lastSeen;
    bool m_fresh = false;
    QString m_contactStatus = QStringLiteral("none");
    bool m_blocked = false;
    bool m_busy = false;
    QString m_errorText;
    bool m_fetches = true;
    PhotoChanger *m_photoChanger;
};

} // namespace msgr::core
