#include "core/sync/log_synchroniser.h"

#include "core/net/retry_policy.h"

#include <QLoggingCategory>
#include <QTimer>
#include <utility>

Q_LOGGING_CATEGORY(lcLogSync, "msgr.core.sync")

namespace msgr::core {

namespace api = protocol::api;

LogSynchroniser::LogSynchroniser(PtsLog *log, QObject *parent)
    : QObject(parent), m_log(log), m_gapTimer(new QTimer(this)), m_idleTimer(new QTimer(this)) {
    m_gapTimer->setSingleShot(true);
    m_gapTimer->setInterval(kGapWaitMs);
    connect(m_gapTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcLogSync) << "gap after pts" << m_sequencer.localPts() << "not filled: difference";
        startDifference();
    });
    m_idleTimer->setSingleShot(true);
    m_idleTimer->setInterval(kIdleDifferenceMs);
    connect(m_idleTimer, &QTimer::timeout, this, &LogSynchroniser::startDifference);
}

void LogSynchroniser::start() {
    m_log->loadPosition(this, [this](qint64 pts) {
        m_sequencer.setLocalPts(pts);
        m_positionLoaded = true;
        if (const std::optional<bool> fresh = std::exchange(m_authorizedBeforeLoad, std::nullopt))
            onAuthorized(*fresh);
        else if (const std::optional<qint64> at = std::exchange(m_resumeBeforeLoad, std::nullopt))
            resumeAt(*at);
    });
}

void LogSynchroniser::resumeAt(qint64 serverPts) {
    if (!m_positionLoaded) {
        m_resumeBeforeLoad = serverPts;
        return;
    }
    m_active = true;
    if (m_syncing || serverPts != m_sequencer.localPts()) {
        startDifference();
        return;
    }
    m_idleTimer->start();
    const bool wasUpToDate = isUpToDate();
    m_caughtUp = true;
    if (wasUpToDate != isUpToDate())
        emit upToDateChanged();
    emit synced(m_sequencer.localPts());
}

void LogSynchroniser::onAuthorized(bool freshLogIn) {
    if (!m_positionLoaded) {
        m_authorizedBeforeLoad = freshLogIn; // the difference starts from the stored position
        return;
    }
    m_active = true;
    if (freshLogIn) {
        m_sequencer.setLocalPts(0);
        m_sequencer.clearHeld();
        setSyncing(true);
        reloadThenDifference();
    } else {
        startDifference();
    }
}

void LogSynchroniser::onUnauthorized() {
    m_authorizedBeforeLoad.reset();
    m_resumeBeforeLoad.reset();
    m_active = false;
    ++m_generation;
    m_gapTimer->stop();
    m_idleTimer->stop();
    const bool wasUpToDate = isUpToDate();
    m_syncing = false;
    m_caughtUp = false;
    m_differencesApplying = 0;
    m_deferredFromPts.reset();
    if (wasUpToDate)
        emit upToDateChanged();
}

void LogSynchroniser::setSyncing(bool syncing) {
    const bool wasUpToDate = isUpToDate();
    m_syncing = syncing;
    if (wasUpToDate != isUpToDate())
        emit upToDateChanged();
}

void LogSynchroniser::offer(const protocol::UpdateFrame &frame) {
    if (!m_active)
        return;
    m_idleTimer->start();
    QString why;
    std::optional<protocol::Update> update = protocol::updateFromCbor(frame.update, &why);
    if (!update) {
        qCWarning(lcLogSync) << "malformed update at pts" << frame.pts << why;
        if (frame.pts > m_sequencer.localPts())
            startDifference(); // the log has it in a form we can retry
        return;
    }
    if (frame.pts == 0) {
        // Not part of the log: nothing to order, nothing to store a position for.
        applyLive({protocol::LoggedUpdate{0, *update}});
        return;
    }
    const PtsSequencer::Outcome outcome = m_sequencer.offer({frame.pts, *update});
    if (m_syncing)
        return; // held; the difference in flight decides
    switch (outcome) {
    case PtsSequencer::Outcome::Ignored:
        break;
    case PtsSequencer::Outcome::Apply:
        applyLive(m_sequencer.takeReady());
        if (m_sequencer.hasGap()) {
            if (!m_gapTimer->isActive())
                m_gapTimer->start();
        } else {
            m_gapTimer->stop();
        }
        break;
    case PtsSequencer::Outcome::Gap:
        if (!m_gapTimer->isActive())
            m_gapTimer->start();
        break;
    case PtsSequencer::Outcome::Overflow:
        startDifference();
        break;
    }
}

void LogSynchroniser::applyLive(const QList<protocol::LoggedUpdate> &ready) {
    if (ready.isEmpty())
        return;
    m_log->applySlice(ready, m_sequencer.localPts(), this, [this, ready] { emit applied(ready); });
}

void LogSynchroniser::startDifference() {
    if (!m_active || m_syncing)
        return;
    setSyncing(true);
    m_gapTimer->stop();
    requestDifference(m_sequencer.localPts());
}

void LogSynchroniser::requestDifference(qint64 fromPts) {
    const quint64 generation = m_generation;
    m_deferredFromPts.reset();
    m_log->fetchDifference(
        fromPts, this, [this, fromPts, generation](const api::Reply<api::DifferenceResult> &reply) {
            if (stale(generation))
                return;
            if (!reply.ok()) {
                setSyncing(false);
                if (reply.connectionLost)
                    return; // the next onAuthorized() fetches it again
                qCWarning(lcLogSync) << "getDifference failed:" << reply.error.message;
                if (isRetryable(reply.error.code))
                    QTimer::singleShot(retryDelayMs(reply.error), this,
                                       &LogSynchroniser::startDifference);
                return;
            }
            const api::DifferenceResult &diff = *reply.value;
            if (diff.tooLong) {
                qCInfo(lcLogSync) << "difference from" << fromPts << "too long: reloading";
                reloadThenDifference();
                return;
            }
            QList<protocol::LoggedUpdate> fresh;
            for (const protocol::LoggedUpdate &u : diff.updates) {
                if (u.pts > m_sequencer.localPts())
                    fresh.append(u);
            }
            const qint64 newPts = qMax(diff.pts, m_sequencer.localPts());
            const bool final = diff.final;
            ++m_differencesApplying;
            applyInSlices(std::move(fresh), newPts, [this, final, generation] {
                if (stale(generation))
                    return;
                --m_differencesApplying;
                if (final)
                    finishDifference();
                else if (const std::optional<qint64> next =
                             std::exchange(m_deferredFromPts, std::nullopt))
                    requestDifference(*next);
            });
            if (final)
                return;
            // Pipelined: the next slice of the difference is asked for while this one is
            // stored (its updates follow this one's in the store's queue, so order and the
            // stored position stay right). At most two differences wait for the store.
            if (m_differencesApplying <= 1)
                QMetaObject::invokeMethod(
                    this,
                    [this, newPts, generation] {
                        if (!stale(generation))
                            requestDifference(newPts);
                    },
                    Qt::QueuedConnection);
            else
                m_deferredFromPts = newPts;
        });
}

void LogSynchroniser::reloadThenDifference() {
    const quint64 generation = m_generation;
    m_log->reload(this, [this, generation](std::optional<qint64> pts) {
        if (stale(generation))
            return;
        if (!pts) {
            setSyncing(false);
            emit stalled();
            return;
        }
        m_sequencer.setLocalPts(*pts);
        requestDifference(*pts);
    });
}

void LogSynchroniser::applyInSlices(QList<protocol::LoggedUpdate> updates, qint64 finalPts,
                                    std::function<void()> then) {
    // One store job per slice, all posted at once (the store commits them in order, without
    // waiting for its batch delay): the GUI receives several small change sets instead of one
    // long one, and each job stays small. `then` runs once the last one committed.
    if (updates.isEmpty() && finalPts <= m_sequencer.localPts()) {
        then();
        return;
    }
    for (;;) {
        const qsizetype take = qMin<qsizetype>(kApplySliceSize, updates.size());
        QList<protocol::LoggedUpdate> slice = updates.mid(0, take);
        updates.remove(0, take);
        if (updates.isEmpty()) {
            m_sequencer.setLocalPts(finalPts);
            m_log->applySlice(slice, finalPts, this, [this, slice, then = std::move(then)] {
                emit applied(slice);
                then();
            });
            return;
        }
        m_sequencer.setLocalPts(slice.last().pts);
        m_log->applySlice(slice, slice.last().pts, this, [this, slice] { emit applied(slice); });
    }
}

void LogSynchroniser::finishDifference() {
    // Live updates that arrived meanwhile: those the difference covered are gone already.
    applyLive(m_sequencer.takeReady());
    if (m_sequencer.hasGap())
        m_gapTimer->start();
    m_idleTimer->start();
    m_caughtUp = true;
    setSyncing(false);
    qCInfo(lcLogSync) << "up to date at pts" << m_sequencer.localPts();
    emit synced(m_sequencer.localPts());
}

} // namespace msgr::core
