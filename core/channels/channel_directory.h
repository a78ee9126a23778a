#pragma once
//! What QML needs of channels (QML: Messenger.Channels, ChannelDirectory { context:
//! Session.context }): "New channel" (create), "Find channels" (search results with their
//! subscriber counts, subscribe), and the open channel's facts for its chat page (subscriber
//! count, whether this user may post, muted) with its acts (post, mute, leave). Every act goes
//! to the engine (ChannelService) and comes back queued; refusals become `error`, a sentence
//! for the user. The open channel's facts are read from the store off the GUI thread and read
//! again when its chat row changes.
//!
//! Thread affinity: the GUI thread.
#include "core/channels/channel_service.h"
#include "core/context/core_context.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace msgr::storage {
struct ChangeSet;
}

namespace msgr::core {

class ChannelDirectory : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(msgr::core::CoreContext *context READ context WRITE setContext NOTIFY contextChanged)
    //! An act is waiting for the server.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    //! Why the last act was refused ("" when it was not).
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    //! The last search's channels: {channelId, title, about, name, subscribers, subscribed,
    //! megagroup} (a public supergroup is found too, docs/protocol.md §23.7).
    Q_PROPERTY(QVariantList results READ results NOTIFY resultsChanged)
    //! The channel shown (its chat id; 0: none). The facts below are of it.
    Q_PROPERTY(double channelId READ channelId WRITE setChannelId NOTIFY channelChanged)
    //! channelId is a channel this user is subscribed to (its row is stored).
    Q_PROPERTY(bool isChannel READ isChannel NOTIFY channelChanged)
    Q_PROPERTY(bool canPost READ canPost NOTIFY channelChanged)
    //! channelId is a supergroup (§23): members, not subscribers; everyone writes.
    Q_PROPERTY(bool isSupergroup READ isSupergroup NOTIFY channelChanged)
    Q_PROPERTY(bool canLeave READ canLeave NOTIFY channelChanged)
    //! The owner or an admin: deletes anyone's messages in a supergroup (§23.8).
    Q_PROPERTY(bool isStaff READ isStaff NOTIFY channelChanged)
    Q_PROPERTY(bool muted READ muted NOTIFY channelChanged)
    Q_PROPERTY(double subscriberCount READ subscriberCount NOTIFY channelChanged)
    Q_PROPERTY(QString about READ about NOTIFY channelChanged)
public:
    explicit ChannelDirectory(QObject *parent = nullptr);

    CoreContext *context() const { return m_context; }
    void setContext(CoreContext *context);
    bool busy() const { return m_busy > 0; }
    QString error() const { return m_error; }
    QVariantList results() const { return m_results; }
    double channelId() const { return double(m_channelId); }
    void setChannelId(double id);
    bool isChannel() const { return m_stored; }
    //! In a supergroup (docs/protocol.md §23) every member writes; in a channel staff only.
    bool canPost() const { return m_stored && (m_role > 0 || m_megagroup); }
    bool isSupergroup() const { return m_stored && m_megagroup; }
    bool canLeave() const { return m_stored && m_role < 2; }
    bool isStaff() const { return m_stored && m_role > 0; }
    bool muted() const { return m_muted; }
    double subscriberCount() const { return double(m_subscribers); }
    QString about() const { return m_about; }

    //! `name` empty: a private channel. created() follows, or `error`.
    Q_INVOKABLE void create(const QString &title, const QString &about, const QString &name);
    Q_INVOKABLE void search(const QString &query);
    Q_INVOKABLE void subscribe(double channelId);
    Q_INVOKABLE void unsubscribe(double channelId);
    Q_INVOKABLE void setMuted(double channelId, bool muted);
    Q_INVOKABLE void post(double channelId, const QString &text);

    //! The user-visible sentence for a refusal's code (OFFLINE included).
    static QString errorText(const QString &code, const QString &serverMessage);

signals:
    void contextChanged();
    void busyChanged();
    void errorChanged();
    void resultsChanged();
    void channelChanged();
    void created(double channelId, const QString &title);
    void subscribed(double channelId, const QString &title);
    void left(double channelId);

private:
    //! Runs `act` with a done that counts `busy` and turns a refusal into `error`; `then` gets
    //! the outcome of a success.
    void act(const std::function<void(ChannelDone)> &start,
             std::function<void(const ChannelOutcome &)> then);
    void setError(const QString &error);
    void reload();
    void onStoreChanged(const msgr::storage::ChangeSet &changes);

    QPointer<CoreContext> m_context;
    QMetaObject::Connection m_storeConnection;
    int m_busy = 0;
    QString m_error;
    QVariantList m_results;
    qint64 m_channelId = 0;
    bool m_stored = false;
    int m_role = 0; // storage::ChatRole: 0 subscriber, 1 admin, 2 owner
    bool m_muted = false;
    qint64 m_subscribers = 0;
    bool m_megagroup = false;
    QString m_about;
    quint64 m_reloads = 0;
};

} // namespace msgr::core
