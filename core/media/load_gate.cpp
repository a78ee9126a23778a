#include "core/media/load_gate.h"

#include "storage/context_lifeline.h"

#include <utility>

namespace msgr::core {

void LoadGate::whenOpen(QObject *receiver, std::function<void()> then) {
    // Queued even on the same thread: the reports the manager emitted before come first.
    whenOpenBound(storage::deliverOnThreadOf(receiver, std::move(then)));
}

void LoadGate::whenOpenBound(std::function<void()> queued) {
    if (m_open)
        queued();
    else
        m_waiting.append(std::move(queued));
}

void LoadGate::whenOpenQueued(QObject *owner, LoadGate *gate, QObject *receiver,
                              std::function<void()> then) {
    // Bound to `receiver` here, where it is alive; the gate's thread only calls it.
    std::function<void()> queued = storage::deliverOnThreadOf(receiver, std::move(then));
    QMetaObject::invokeMethod(
        owner, [gate, queued] { gate->whenOpenBound(queued); }, Qt::QueuedConnection);
}

void LoadGate::open() {
    m_open = true;
    for (const std::function<void()> &queued : std::exchange(m_waiting, {}))
        queued();
}

} // namespace msgr::core
