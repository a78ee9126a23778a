#include "core/media/load_gate.h"

#include <utility>

namespace msgr::core {

void LoadGate::whenOpen(QObject *receiver, std::function<void()> then) {
    Waiting waiting{receiver, std::move(then)};
    if (m_open)
        post(waiting);
    else
        m_waiting.append(std::move(waiting));
}

void LoadGate::whenOpenQueued(QObject *owner, LoadGate *gate, QObject *receiver,
                              std::function<void()> then) {
    QMetaObject::invokeMethod(
        owner,
        [gate, receiver = QPointer<QObject>(receiver), then = std::move(then)] {
            if (receiver)
                gate->whenOpen(receiver, then);
        },
        Qt::QueuedConnection);
}

void LoadGate::open() {
    m_open = true;
    for (const Waiting &waiting : std::exchange(m_waiting, {}))
        post(waiting);
}

void LoadGate::post(const Waiting &waiting) {
    // Queued even on the same thread: the reports the manager emitted before come first.
    if (waiting.receiver)
        QMetaObject::invokeMethod(waiting.receiver, waiting.then, Qt::QueuedConnection);
}

} // namespace msgr::core
