#pragma once
//! Hands a storage job's result to a callback on the thread of a context object; dropped if
//! the context was destroyed. A null context (given as such) runs the callback on the storage
//! thread. Thread-safe to copy and call from the storage thread; construct it while the context
//! is alive.
#include "storage/context_lifeline.h"

#include <functional>

namespace msgr::storage {

template <typename... Args> class QueuedCallback {
public:
    QueuedCallback(QObject *context, std::function<void(Args...)> done)
        : m_call(context && done ? deliverOnThreadOf(context, std::move(done)) : std::move(done)) {}

    void operator()(Args... args) const {
        if (m_call)
            m_call(args...);
    }

private:
    //! `done` itself (no context), or `done` bound to the context's thread.
    std::function<void(Args...)> m_call;
};

} // namespace msgr::storage
