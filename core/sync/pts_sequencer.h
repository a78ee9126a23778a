#pragma once
//! Telegram's rule for live updates (docs/protocol.md §6): ignore what is applied, apply the
//! next pts, hold back anything after a gap until the gap is filled or a difference is fetched.
//! Pure logic, no timers or I/O. Not thread-safe (owned by the sync engine, network thread).
#include "protocol/updates.h"

#include <QList>
#include <map>

namespace msgr::core {

class PtsSequencer {
public:
    //! Limit of held-back updates: past it the gap is resolved by a difference anyway.
    static constexpr int kMaxHeld = 1'000;

    enum class Outcome {
        Ignored,  // already applied (or part of a difference in flight)
        Apply,    // takeReady() holds updates to apply now, in order
        Gap,      // held back: a pts is missing; wait briefly, then fetch the difference
        Overflow, // too many held back: fetch the difference now
    };

    //! The pts whose effect is stored (or scheduled to be stored, in order).
    qint64 localPts() const { return m_local; }
    //! After loading the account, after a difference slice or a tooLong reload.
    void setLocalPts(qint64 pts);

    Outcome offer(const protocol::LoggedUpdate &update);
    //! The contiguous run after localPts, removed from the held set; localPts advances over it.
    QList<protocol::LoggedUpdate> takeReady();
    bool hasGap() const { return !m_held.empty(); }
    void clearHeld() { m_held.clear(); }

private:
    qint64 m_local = 0;
    std::map<qint64, protocol::LoggedUpdate> m_held;
};

} // namespace msgr::core
