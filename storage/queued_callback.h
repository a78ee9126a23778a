#pragma once
//! Hands a storage job's result to a callback on the thread of a context object; dropped if
//! the context was destroyed. A null context (given as such) runs the callback on the storage
//! thread. Thread-safe to copy and call from the storage thread; construct it while the context
//! is alive.
#include "storage/context_lifeline.h"

#include <functional>
#include <memory>

namespace msgr::storage {

template <typename... Args> class QueuedCallback {
public:
    QueuedCallback(QObject *context, std::function<void(Args...)> done)
        : m_lifeline(context ? ContextLifeline::watch(context) : nullptr), m_done(std::move(done)) {
    }

    void operator()(Args... args) const {
        if (!m_done)
            return;
        if (!m_lifeline) {
            m_done(args...);
            return;
        }
        m_lifeline->post([done = m_done, args...] { done(args...); });
    }

private:
    std::shared_ptr<ContextLifeline> m_lifeline;
    std::function<void(Args...)> m_done;
};

} // namespace msgr::storage
