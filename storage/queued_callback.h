#pragma once
//! Hands a storage job's result to a callback on the thread of a context object; dropped if
//! the context was destroyed. A null context (given as such) runs the callback on the storage
//! thread. Thread-safe to copy and call from the storage thread.
#include <QObject>
#include <QPointer>
#include <functional>

namespace msgr::storage {

template <typename... Args> class QueuedCallback {
public:
    QueuedCallback(QObject *context, std::function<void(Args...)> done)
        : m_context(context), m_hadContext(context != nullptr), m_done(std::move(done)) {}

    void operator()(Args... args) const {
        if (!m_done)
            return;
        if (!m_hadContext) {
            m_done(args...);
            return;
        }
        QObject *context = m_context.data();
        if (!context)
            return;
        // Queued: if `context` dies before the event runs, Qt discards the event.
        QMetaObject::invokeMethod(
            context, [done = m_done, args...] { done(args...); }, Qt::QueuedConnection);
    }

private:
    QPointer<QObject> m_context;
    bool m_hadContext;
    std::function<void(Args...)> m_done;
};

} // namespace msgr::storage
