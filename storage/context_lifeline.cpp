#include "storage/context_lifeline.h"

namespace msgr::storage {

std::shared_ptr<ContextLifeline> ContextLifeline::watch(QObject *context) {
    std::shared_ptr<ContextLifeline> lifeline(new ContextLifeline);
    if (!context)
        return lifeline;
    lifeline->m_context = context;
    // A direct connection without a receiver: the handler runs on the thread that destroys
    // `context`, inside ~QObject, before its posted events are removed. It holds the lifeline
    // only weakly (the connection lives as long as `context`); while it runs, it keeps it.
    std::weak_ptr<ContextLifeline> weak = lifeline;
    lifeline->m_watch = QObject::connect(context, &QObject::destroyed, [weak] {
        if (const std::shared_ptr<ContextLifeline> alive = weak.lock())
            alive->contextDestroyed();
    });
    return lifeline;
}

ContextLifeline::~ContextLifeline() {
    // Safe against `context` dying on its own thread meanwhile: Qt checks the connection under
    // its own locks. Without it, every watch of a long-lived object would stay connected.
    QObject::disconnect(m_watch);
}

void ContextLifeline::post(std::function<void()> work) {
    const std::lock_guard lock(m_mutex);
    if (m_context)
        QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
}

void ContextLifeline::contextDestroyed() {
    const std::lock_guard lock(m_mutex);
    m_context = nullptr;
}

} // namespace msgr::storage
