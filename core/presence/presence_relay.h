#pragma once
//! The network side of presence (docs/protocol.md §17.3): asks presence.get for the users a
//! view shows, turns the server's `userStatus` pushes into statusReceived(), and reads and sets
//! the user's own last-seen privacy (§14: profiles.get, profiles.setLastSeenPrivacy). Nothing
//! is queued offline: a status fetched later is fresher, and the privacy choice is refused
//! with OFFLINE (the settings page shows the stored one again). linkLost() after a lost link
//! (statuses shown are stale), linked() after each authorization (fetch them again).
//!
//! Thread affinity: the network thread, beside its RequestChannel. Construct anywhere, move to
//! that thread, then call (queued from the GUI thread).
#include "core/net/request_channel.h"
#include "protocol/api/presence.h"

#include <QObject>
#include <QPointer>

namespace msgr::core {

class PresenceRelay : public QObject {
    Q_OBJECT
public:
    //! `channel` must outlive the relay.
    explicit PresenceRelay(RequestChannel *channel, QObject *parent = nullptr);

    //! presence.get for `userIds` (cut to kMaxPresenceIds); dropped when offline.
    void fetch(const QList<qint64> &userIds);
    //! presence.set for this connection (idle: false); dropped offline (a new connection starts
    //! in use, and the GUI side sends idle again after each authorization).
    void setPresent(bool online);
    //! The user's own setting, from their profile (`selfId`); privacyLoaded() follows.
    void loadPrivacy(qint64 selfId);
    //! profiles.setLastSeenPrivacy; privacyLoaded() (the stored value) or privacyRefused().
    void setPrivacy(protocol::api::LastSeenPrivacy privacy);

    //! A status as plain values for queued signals: `bucket` is -1 when `online` or
    //! `lastSeenAt` says it, else a protocol::api::LastSeenBucket.
    static int bucketOf(const protocol::api::UserStatus &status);

signals:
    void statusReceived(qint64 userId, bool online, qint64 lastSeenAt, int bucket);
    void privacyLoaded(const QString &privacyName);
    //! `code`: the server's error code, or OFFLINE.
    void privacyRefused(const QString &code);
    void linkLost();
    void linked();

private:
    void onUpdate(const protocol::UpdateFrame &frame);
    void emitStatus(const protocol::api::UserStatus &status);

    QPointer<RequestChannel> m_channel;
    bool m_linked = false; // authorized since the last linkLost()
};

} // namespace msgr::core
