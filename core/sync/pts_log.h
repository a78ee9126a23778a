#pragma once
//! One log of updates ordered by pts, as a LogSynchroniser sees it: where the stored state is,
//! how to ask the server for what came after, how to start over when that is too much, and
//! how to store one slice. The account's log is AccountLog; each channel will have its own.
//!
//! Thread affinity: the synchroniser's thread. Every `done` runs on the thread of `context`,
//! unless `context` is destroyed first.
#include "protocol/api/reply.h"
#include "protocol/api/sync.h"
#include "protocol/updates.h"

#include <QList>
#include <functional>
#include <optional>

class QObject;

namespace msgr::core {

class PtsLog {
public:
    virtual ~PtsLog() = default;

    //! The pts whose effect the local store holds (0: nothing stored yet).
    virtual void loadPosition(QObject *context, std::function<void(qint64 pts)> done) = 0;
    //! What the server logged after `fromPts`, in one slice (`final` says if more remain).
    virtual void fetchDifference(
        qint64 fromPts, QObject *context,
        std::function<void(const protocol::api::Reply<protocol::api::DifferenceResult> &)>
            done) = 0;
    //! The difference is too long (or the account is new on this device): replace the local
    //! state with the server's current one. done(pts of that state), or done(nullopt) when the
    //! server could not be asked.
    virtual void reload(QObject *context, std::function<void(std::optional<qint64> pts)> done) = 0;
    //! Stores the slice and the position `pts` after it in one transaction; done() once it is
    //! committed.
    virtual void applySlice(const QList<protocol::LoggedUpdate> &slice, qint64 pts,
                            QObject *context, std::function<void()> done) = 0;
};

} // namespace msgr::core
