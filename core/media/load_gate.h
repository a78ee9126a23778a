#pragma once
//! What waits for a transfer manager's first load of the profile's transfers: the manager's
//! own calls that must not run before it (an add of a file the profile already has would
//! insert it twice), and callers of whenLoaded() that must know which reports came from the
//! load (msgr-cli's transfer commands).
//!
//! Thread affinity: the manager's thread; not thread-safe (but whenOpenQueued()).
#include <QList>
#include <QObject>
#include <functional>

namespace msgr::core {

class LoadGate {
public:
    bool isOpen() const { return m_open; }
    //! Runs `then` on `receiver`'s thread (queued) once the gate is open, at once if it is;
    //! never when `receiver` is gone by then.
    void whenOpen(QObject *receiver, std::function<void()> then);
    //! whenOpen() from any thread: queued to `owner`'s thread, where `gate` lives (the
    //! manager that owns it).
    static void whenOpenQueued(QObject *owner, LoadGate *gate, QObject *receiver,
                               std::function<void()> then);
    //! The load is done: every waiting call runs, in the order they came.
    void open();

private:
    //! `queued` is already bound to its receiver's thread.
    void whenOpenBound(std::function<void()> queued);

    bool m_open = false;
    //! Each already bound to its receiver's thread (deliverOnThreadOf).
    QList<std::function<void()>> m_waiting;
};

} // namespace msgr::core
