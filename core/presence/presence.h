#pragma once
//! What the chat header says of the peer (docs/protocol.md §17.3): "online", "last seen 5
//! minutes ago", "last seen today at 14:05", "last seen recently"; and the user's own
//! last-seen privacy for the settings page. Statuses come from the engine's PresenceRelay
//! (asked for with watch(), then followed by the server's pushes); a line is computed from the
//! clock when read, and `revision` moves every minute, so "5 minutes ago" becomes "6 minutes
//! ago" without a message from the server. A lost link forgets every status (an "online" is
//! no longer known); the next authorization fetches the watched users again.
//!
//! One per app (Session.context.presence). Thread affinity: the GUI thread; no disk, no
//! network (the engine does both, through the functions set below).
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QtQml/qqml.h>
#include <functional>

namespace msgr::core {

class Presence : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("One per app: Session.context.presence")
    //! Changes whenever any line may have: bind to it to re-read line().
    Q_PROPERTY(int revision READ revision NOTIFY changed)
    //! "everybody", "contacts", "nobody"; "" until loaded.
    Q_PROPERTY(QString lastSeenPrivacy READ lastSeenPrivacy NOTIFY privacyChanged)
public:
    //! A status as the relay delivers it: `bucket` -1 when `online` or `lastSeenAt` says it,
    //! else a protocol::api::LastSeenBucket (0 recently .. 3 long ago).
    struct Status {
        bool online = false;
        qint64 lastSeenAt = 0;
        int bucket = -1;
    };
    using Fetcher = std::function<void(const QList<qint64> &userIds)>;
    using PrivacySender = std::function<void(const QString &privacyName)>; // "" asks for it
    using Clock = std::function<QDateTime()>;
    using PresentSender = std::function<void(bool online)>; // presence.set
    //! The app inactive this long counts as idle (presence.set {online: false}), as Telegram.
    static constexpr int kIdleAfterMs = 60'000;

    explicit Presence(QObject *parent = nullptr);

    void setFetcher(Fetcher fetcher) { m_fetcher = std::move(fetcher); }
    void setPrivacySender(PrivacySender sender) { m_privacySender = std::move(sender); }
    void setPresentSender(PresentSender sender) { m_presentSender = std::move(sender); }
    //! Tests: a clock they set by hand (the minute timer still bumps the revision).
    void setClock(Clock clock) { m_clock = std::move(clock); }

    //! The line for a status at `now` (local time), as the header shows it.
    static QString lineFor(const Status &status, const QDateTime &now);

    //! The app's window is active (in use) or not: idle after kIdleAfterMs inactive (or at
    //! once, `immediately`: tests), in use again at once.
    void setAppActive(bool active, bool immediately = false);
    //! Whether this device last told the server it is idle (re-sent after each authorization:
    //! a new connection starts in use).
    bool idle() const { return m_idle; }

    // ---- from the engine (queued to this thread)
    void noteStatus(qint64 userId, bool online, qint64 lastSeenAt, int bucket);
    void notePrivacy(const QString &privacyName);
    void notePrivacyRefused(const QString &code);
    //! Lines may read differently now (the minute timer calls it; tests too).
    void clockMoved();
    //! The link was lost: nothing known is current.
    void clearAll();
    //! Authorized again: fetch the watched users.
    void refetch();

    // ---- for QML
    int revision() const { return m_revision; }
    QString lastSeenPrivacy() const { return m_privacy; }
    //! The header opened for `userId`: fetch their status (and follow it).
    Q_INVOKABLE void watch(double userId);
    //! A group opened: fetch its members' statuses (the first kMaxWatched), and again every
    //! minute while it stays the open group (their changes are not pushed to group members).
    Q_INVOKABLE void watchGroup(const QList<double> &memberIds);
    //! Members known to be online now, of `memberIds`.
    Q_INVOKABLE int onlineCount(const QList<double> &memberIds) const;
    //! "" while nothing is known of the user.
    Q_INVOKABLE QString line(double userId) const;
    //! Known to be online now (the header shows it in the accent colour).
    Q_INVOKABLE bool isOnline(double userId) const;
    //! Asks the server for the user's own setting (the settings page opened).
    Q_INVOKABLE void loadPrivacy();
    Q_INVOKABLE void setLastSeenPrivacy(const QString &privacyName);

signals:
    void changed();
    void privacyChanged();
    //! A privacy change was refused (`code`: the server's, or OFFLINE); the stored value stays.
    void privacyRefused(const QString &code);

private:
    void bump();

    Fetcher m_fetcher;
    PrivacySender m_privacySender;
    Clock m_clock;
    QHash<qint64, Status> m_statuses;
    QSet<qint64> m_watched;
    QList<qint64> m_group; // the open group's members, fetched again each minute
    QString m_privacy;
    QTimer m_minute;
    QTimer m_idleTimer;
    PresentSender m_presentSender;
    bool m_idle = false;
    int m_revision = 0;
};

} // namespace msgr::core
