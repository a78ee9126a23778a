#pragma once
//! Keeps one pts log in step with the server (docs/protocol.md §6, Telegram's rule): live
//! updates are applied in pts order, a gap is waited for briefly and then filled by the
//! difference, the difference is fetched and stored in slices (the next one asked for while the
//! current one is stored), a difference that is too long reloads the state. One instance per log:
//! the account's now, each channel's later. What a log is (where its position is stored, which
//! request fetches its difference) is its PtsLog.
//!
//! Thread affinity: the network thread; not thread-safe.
#include "core/sync/pts_log.h"
#include "core/sync/pts_sequencer.h"
#include "protocol/frame.h"

#include <QObject>
#include <optional>

class QTimer;

namespace msgr::core {

class LogSynchroniser : public QObject {
    Q_OBJECT
public:
    //! Telegram's wait for a missing pts before asking for the difference.
    static constexpr int kGapWaitMs = 500;
    //! Without any update for this long, the difference is fetched anyway.
    static constexpr int kIdleDifferenceMs = 15 * 60 * 1000;
    //! Updates per storage transaction: large differences reach the UI in slices (each commit
    //! is one change set), and memory stays bounded. A chat's row is written once per slice
    //! (SyncWrites::applyUpdates), so a bigger slice is cheaper per message; 1,000 keeps one
    //! commit at tens of milliseconds on the encrypted store (bench/client_sync/RESULTS.md).
    static constexpr int kApplySliceSize = 1'000;

    //! `log` must outlive the synchroniser.
    explicit LogSynchroniser(PtsLog *log, QObject *parent = nullptr);

    //! Loads the stored position; call once, before the first onAuthorized().
    void start();
    //! The server may be asked now. freshLogIn: nothing stored is this account's, so the state
    //! is reloaded; otherwise the difference since the stored position is fetched.
    void onAuthorized(bool freshLogIn);
    //! As onAuthorized(false), for a log whose server position is known already (a channel's
    //! pts in channels.list, docs/protocol.md §15.3): nothing is asked when the stored position
    //! is there; otherwise the difference since it is fetched.
    void resumeAt(qint64 serverPts);
    //! The link is gone: differences in flight are abandoned (a later onAuthorized() asks again).
    void onUnauthorized();
    //! A pushed update: applied in order, held back after a gap, or left to the difference.
    void offer(const protocol::UpdateFrame &frame);
    //! Fetches the difference now (unless one is in flight or the link is down).
    void startDifference();

    //! Caught up since the link came up, and no difference in flight.
    bool isUpToDate() const { return m_caughtUp && !m_syncing; }
    qint64 position() const { return m_sequencer.localPts(); }

signals:
    //! A slice (or live updates) was committed: everything in it is durably stored.
    void applied(const QList<msgr::protocol::LoggedUpdate> &updates);
    void upToDateChanged();
    //! A difference finished: local state is up to date as of pts.
    void synced(qint64 pts);
    //! The state could not be reloaded: the link should start over (after its backoff).
    void stalled();

private:
    void setSyncing(bool syncing);
    void requestDifference(qint64 fromPts);
    void applyLive(const QList<protocol::LoggedUpdate> &ready);
    void applyInSlices(QList<protocol::LoggedUpdate> updates, qint64 finalPts,
                       std::function<void()> then);
    void finishDifference();
    void reloadThenDifference();
    //! Callbacks of an earlier link (before onUnauthorized()) stop at the next step.
    bool stale(quint64 generation) const { return !m_active || generation != m_generation; }

    PtsLog *m_log;
    PtsSequencer m_sequencer;
    QTimer *m_gapTimer;
    QTimer *m_idleTimer;
    bool m_positionLoaded = false;
    std::optional<bool> m_authorizedBeforeLoad; // freshLogIn of an onAuthorized() to replay
    std::optional<qint64> m_resumeBeforeLoad;   // serverPts of a resumeAt() to replay
    bool m_active = false;
    bool m_syncing = false;
    bool m_caughtUp = false;
    quint64 m_generation = 0;
    int m_differencesApplying = 0;           // answered differences not yet committed
    std::optional<qint64> m_deferredFromPts; // the next ask, once one of those committed
};

} // namespace msgr::core
