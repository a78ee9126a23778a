#pragma once
//! Who is online (docs/protocol.md §17.3): a user is online while at least one of their devices
//! has a live authenticated connection. Counts connections per user in memory; when the last
//! one closes, the device's last activity is moved to that moment (Store::touchDevice: the
//! last seen the store keeps, §14.1) and remembered here until the server stops, so a read
//! does not wait for the batched write. Each change is pushed to those who may see it
//! (domain::Presence::pushes) at most once per kPresencePushIntervalMs per user: a change inside
//! the window is pushed when it ends, by this hub's own thread, if the state still differs
//! from what was last pushed. Memory: one small entry per user online now or offline for less
//! than kForgetOfflineAfter (by then the store has their last seen; the thread forgets them).
//! Thread-safe.
#include "server/domain/presence.h"

#include <QHash>
#include <QSet>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace msgr::server {

struct ServerContext;

class PresenceHub {
public:
    //! `server`'s domain, read pool and bus must outlive stop().
    explicit PresenceHub(ServerContext &server);
    ~PresenceHub();
    PresenceHub(const PresenceHub &) = delete;
    PresenceHub &operator=(const PresenceHub &) = delete;

    //! A connection of `userId` authenticated.
    void connected(qint64 userId);
    //! A connection of (`userId`, `deviceId`) that had authenticated closed (or re-bound).
    void disconnected(qint64 userId, qint64 deviceId);
    domain::LiveState live(qint64 userId) const;
    //! Joins the thread; later calls change nothing and push nothing.
    void stop();

private:
    using Clock = std::chrono::steady_clock;
    //! An offline user's entry is dropped after this long: the store's last seen (written
    //! through the store's next housekeeping job, milliseconds later) answers reads by then.
    static constexpr std::chrono::seconds kForgetOfflineAfter{60};
    struct UserState {
        int connections = 0;
        qint64 offlineAt = 0;             // ms since the epoch; 0: not since the start
        Clock::time_point lastPushAt{};   // epoch of the clock: never
        bool pushedOnline = false;        // what the last push said
        bool pending = false;             // a change waits for its window (in m_pending)
        Clock::time_point offlineSince{}; // steady twin of offlineAt, for forgetting
    };
    //! The state changed; pushes now or marks it pending. m_mutex held.
    void changedLocked(qint64 userId, UserState &state, Clock::time_point now);
    //! Queues the push of `userId`'s current status on the read pool.
    void push(qint64 userId);
    void run();
    //! Pushes the pending states whose window ended; the earliest window still open.
    Clock::time_point pushDueLocked(Clock::time_point now);
    //! Drops the entries of users offline for kForgetOfflineAfter with nothing pending.
    void forgetOfflineLocked(Clock::time_point now);

    ServerContext &m_server;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    QHash<qint64, UserState> m_users;
    QSet<qint64> m_pending; // users whose change waits for its window: what the thread scans
    bool m_stopping = false;
    std::thread m_thread; // last: it starts once everything above is ready
};

} // namespace msgr::server
